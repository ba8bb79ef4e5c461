package io.github.sockopt4j.tomcat;

import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.close.OverflowPolicy;

import java.time.Duration;
import java.util.Locale;

/**
 * The {@code lingering*} attributes of a connector, as Tomcat sets them (strings converted by its
 * introspection), each checked when set: a wrong value fails the connector's configuration with a
 * message that names the attribute, the value and what is allowed.
 */
final class LingeringSettings {
    private CloseMode mode = CloseMode.LINGER;
    private long idleTimeoutMillis = DrainPolicy.DEFAULT.idleTimeout().toMillis();
    private long totalTimeoutMillis = DrainPolicy.DEFAULT.totalTimeout().toMillis();
    private long maxDrainBytes = -1;
    private int maxPending = -1;
    private OverflowPolicy overflow = OverflowPolicy.ABORT;

    CloseMode mode() {
        return mode;
    }

    void mode(String name) {
        mode = CloseMode.parse("lingeringMode", name);
    }

    long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    void idleTimeoutMillis(long millis) {
        idleTimeoutMillis = timeout("lingeringIdleTimeout", millis);
    }

    long totalTimeoutMillis() {
        return totalTimeoutMillis;
    }

    void totalTimeoutMillis(long millis) {
        totalTimeoutMillis = timeout("lingeringTotalTimeout", millis);
    }

    long maxDrainBytes() {
        return maxDrainBytes;
    }

    void maxDrainBytes(long bytes) {
        if (bytes != -1 && bytes < 1) {
            throw new IllegalArgumentException("lingeringMaxDrainBytes = " + bytes + " is out of range: -1 (no cap)"
                    + " or [1, " + Long.MAX_VALUE + "]");
        }
        maxDrainBytes = bytes;
    }

    int maxPending() {
        return maxPending;
    }

    void maxPending(int closes) {
        if (closes != -1 && (closes < 1 || closes > LingeringCloserOptions.MAX_PENDING)) {
            throw new IllegalArgumentException("lingeringMaxPending = " + closes + " is out of range: -1"
                    + " (maxConnections) or [1, " + LingeringCloserOptions.MAX_PENDING + "]");
        }
        maxPending = closes;
    }

    OverflowPolicy overflow() {
        return overflow;
    }

    void overflow(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (!n.equals(OverflowPolicy.ABORT.name()) && !n.equals(OverflowPolicy.CLOSE_PLAIN.name())) {
            throw new IllegalArgumentException("lingeringOverflow = " + name + " is not one of: ABORT, CLOSE_PLAIN");
        }
        overflow = OverflowPolicy.valueOf(n);
    }

    /**
     * The closer's options: these settings, with {@code maxConnections} as the limit unless one was
     * set ({@code -1} there means no limit: the closer's own maximum).
     *
     */
    LingeringCloserOptions closerOptions(int maxConnections, String threadName) {
        // An idle timeout above the total one could never end a drain: it is the total one then.
        DrainPolicy policy = new DrainPolicy(Duration.ofMillis(Math.min(idleTimeoutMillis, totalTimeoutMillis)),
                Duration.ofMillis(totalTimeoutMillis), maxDrainBytes == -1 ? Long.MAX_VALUE : maxDrainBytes,
                DrainPolicy.DEFAULT.bufferSize());
        int limit = maxPending != -1 ? maxPending
                : maxConnections > 0 ? Math.min(maxConnections, LingeringCloserOptions.MAX_PENDING)
                : LingeringCloserOptions.MAX_PENDING;
        return LingeringCloserOptions.DEFAULT.withPolicy(policy).withMaxPending(limit).withOverflow(overflow)
                .withThreadName(threadName).withIntegration("Tomcat");
    }

    private static long timeout(String attribute, long millis) {
        long min = DrainPolicy.MIN_TIMEOUT.toMillis();
        long max = DrainPolicy.MAX_TIMEOUT.toMillis();
        if (millis < min || millis > max) {
            throw new IllegalArgumentException(attribute + " = " + millis + " ms is out of range: [" + min + ", " + max
                    + "] ms");
        }
        return millis;
    }

    @Override
    public String toString() {
        return "idle " + idleTimeoutMillis + " ms, total " + totalTimeoutMillis + " ms, "
                + (maxDrainBytes == -1 ? "no byte cap" : "at most " + maxDrainBytes + " bytes");
    }
}
