package io.github.sockopt4j.close;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link Close#lingering} stops reading and discarding the peer's bytes and closes.
 *
 * <p><b>Defaults</b> ({@link #DEFAULT}), from the servers that have done this for decades:
 * <ul>
 *   <li>{@code idleTimeout} 2 s: Apache httpd's {@code SECONDS_TO_LINGER}. nginx waits 5 s
 *       ({@code lingering_timeout}), but nginx parks an idle connection in an event loop for
 *       free, while a blocking {@code Close.lingering} holds a thread, as httpd's prefork and
 *       worker MPMs do. 2 s is still far above any round-trip time, so a peer that is still
 *       sending is not cut off.</li>
 *   <li>{@code totalTimeout} 30 s: httpd's {@code MAX_SECS_TO_LINGER} and nginx's
 *       {@code lingering_time} agree.</li>
 *   <li>{@code maxDrainBytes} unlimited: neither httpd nor nginx caps the drain; the total
 *       timeout bounds it. A cap ends the drain with bytes likely still arriving, so the final
 *       close resets and the peer may lose what it had not yet read. Set one (Tomcat swallows 2
 *       MiB, Go 256 KiB) where CPU spent on a fast abusive peer matters more.</li>
 *   <li>{@code bufferSize} 32 KiB: httpd's event MPM ({@code LINGERING_BUF_SIZE}); nginx uses 4
 *       KiB. Fewer {@code read} calls when the peer is still uploading; the buffer lives only
 *       for the duration of one close.</li>
 * </ul>
 *
 * @param idleTimeout   the longest silence between two reads; from 1 ms to {@code totalTimeout}
 * @param totalTimeout  the longest drain in all, counted from the start of the close; from 1 ms
 *                      to {@link #MAX_TIMEOUT}
 * @param maxDrainBytes the most bytes read and discarded; at least 1, {@link Long#MAX_VALUE} for
 *                      no cap
 * @param bufferSize    the size of the discard buffer, one {@code read} at most; from 1 to
 *                      {@link #MAX_BUFFER_SIZE}
 */
public record DrainPolicy(Duration idleTimeout, Duration totalTimeout, long maxDrainBytes, int bufferSize) {

    /** The shortest timeout accepted: 1 ms (declared first: {@link #DEFAULT} is validated with it). */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    /** The longest timeout accepted: one day. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    /** The largest discard buffer accepted: 1 MiB. */
    public static final int MAX_BUFFER_SIZE = 1 << 20;
    /** 2 s idle, 30 s in all, no byte cap, 32 KiB buffer; see the class comment for why. */
    public static final DrainPolicy DEFAULT =
            new DrainPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), Long.MAX_VALUE, 32 * 1024);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the field and its range
     */
    public DrainPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        requireInRange("totalTimeout", totalTimeout, MAX_TIMEOUT, "DrainPolicy.MAX_TIMEOUT");
        requireInRange("idleTimeout", idleTimeout, totalTimeout, "totalTimeout");
        if (maxDrainBytes < 1) {
            throw new IllegalArgumentException("DrainPolicy maxDrainBytes = " + maxDrainBytes
                    + " is out of range: [1, Long.MAX_VALUE] (Long.MAX_VALUE for no cap)");
        }
        if (bufferSize < 1 || bufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException("DrainPolicy bufferSize = " + bufferSize
                    + " is out of range: [1, " + MAX_BUFFER_SIZE + "]");
        }
    }

    private static void requireInRange(String field, Duration value, Duration max, String maxName) {
        if (value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("DrainPolicy " + field + " = " + value + " is out of range: ["
                    + MIN_TIMEOUT + ", " + maxName + " = " + max + "]");
        }
    }

    /** This policy with another idle timeout. */
    public DrainPolicy withIdleTimeout(Duration idleTimeout) {
        return new DrainPolicy(idleTimeout, totalTimeout, maxDrainBytes, bufferSize);
    }

    /** This policy with another total timeout. */
    public DrainPolicy withTotalTimeout(Duration totalTimeout) {
        return new DrainPolicy(idleTimeout, totalTimeout, maxDrainBytes, bufferSize);
    }

    /** This policy with another byte cap ({@link Long#MAX_VALUE} for none). */
    public DrainPolicy withMaxDrainBytes(long maxDrainBytes) {
        return new DrainPolicy(idleTimeout, totalTimeout, maxDrainBytes, bufferSize);
    }

    /** This policy with another discard buffer size. */
    public DrainPolicy withBufferSize(int bufferSize) {
        return new DrainPolicy(idleTimeout, totalTimeout, maxDrainBytes, bufferSize);
    }
}
