package io.github.sockopt4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code SO_LINGER} setting (socket(7)): {@link #off()}, {@link #abortive()} or
 * {@link #of(Duration) a timeout in whole seconds}.
 *
 * <p>What Linux does with it (measured by the reproductions, docs/repro.md): with a timeout, {@code close()} blocks
 * until our FIN is ACKed or the timeout passes, even on a non-blocking socket, and does not drain
 * unread input; with unread input it still sends RST at once. {@code {1, 0}} is the abortive
 * close: RST now, unsent data discarded, no TIME_WAIT.
 */
public final class Linger {
    /** The largest timeout Linux takes: {@code l_linger} is a C {@code int} of seconds. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(Integer.MAX_VALUE);

    private static final Linger OFF = new Linger(false, 0);
    private static final Linger ABORTIVE = new Linger(true, 0);

    private final boolean on;
    private final int seconds;

    private Linger(boolean on, int seconds) {
        this.on = on;
        this.seconds = seconds;
    }

    /** {@code {0, 0}}: the default; {@code close()} returns at once and the kernel sends the rest. */
    public static Linger off() {
        return OFF;
    }

    /** {@code {1, 0}}: {@code close()} sends RST at once and discards unsent data. */
    public static Linger abortive() {
        return ABORTIVE;
    }

    /**
     * {@code {1, n}}: {@code close()} blocks up to {@code timeout} for our FIN to be ACKed.
     *
     * @param timeout whole seconds from 0 (same as {@link #abortive()}) to {@link #MAX_TIMEOUT}
     * @throws IllegalArgumentException if negative, beyond the range, or not whole seconds
     */
    public static Linger of(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0 || timeout.getNano() != 0) {
            throw new IllegalArgumentException("SO_LINGER timeout = " + timeout
                    + " is out of range: [PT0S, " + MAX_TIMEOUT + "] in whole seconds");
        }
        return timeout.isZero() ? ABORTIVE : new Linger(true, (int) timeout.getSeconds());
    }

    /** Whether {@code l_onoff} is set. */
    public boolean isOn() {
        return on;
    }

    /** Whether this is {@code {1, 0}}, the abortive close. */
    public boolean isAbortive() {
        return on && seconds == 0;
    }

    /** The timeout when on, empty when off. */
    public Optional<Duration> timeout() {
        return on ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    }

    /** {@code l_linger}: the timeout in whole seconds, 0 when off or abortive. */
    public int seconds() {
        return seconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Linger && ((Linger) o).on == on && ((Linger) o).seconds == seconds;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(on) * 31 + seconds;
    }

    @Override
    public String toString() {
        return on ? (seconds == 0 ? "Linger[abortive]" : "Linger[" + seconds + "s]") : "Linger[off]";
    }
}
