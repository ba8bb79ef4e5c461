package io.github.sockopt4j.close;

import io.github.sockopt4j.SocketQueues;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Close} strategy did and saw: the queues when it started and right before the
 * final {@code close(2)}, how its wait ended, and whether that close sent FIN or RST.
 *
 * <p>{@link #toString()} is one line for a log, e.g.
 * {@code LINGERING close: FIN after PEER_EOF, 64512 bytes drained, 3.1 ms; at start unread=64512
 * unsent=3932160 unacked=262144; at close unread=0 unsent=0 unacked=1}.
 */
public final class CloseReport {
    private final CloseStrategy strategy;
    private final SocketQueues atStart;
    private final SocketQueues atClose;
    private final long bytesDrained;
    private final DrainEnd drainEnd;
    private final FinalSignal finalSignal;
    private final Duration elapsed;
    private final IOException failure;

    /**
     * A report. sockopt4j's closes build theirs in one place, its close engine; this constructor is
     * public for integrations and tests, and checks only that the required values are there.
     *
     * @param atStart the queues before the close changed anything, or null when not seen
     * @param atClose the queues right before the final {@code close(2)}, or null when not seen
     * @param failure the failure the close met, or null
     */
    public CloseReport(CloseStrategy strategy, SocketQueues atStart, SocketQueues atClose, long bytesDrained,
                DrainEnd drainEnd, FinalSignal finalSignal, Duration elapsed, IOException failure) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.atStart = atStart;
        this.atClose = atClose;
        this.bytesDrained = bytesDrained;
        this.drainEnd = Objects.requireNonNull(drainEnd, "drainEnd");
        this.finalSignal = Objects.requireNonNull(finalSignal, "finalSignal");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.failure = failure;
    }

    /** The strategy that closed the socket. */
    public CloseStrategy strategy() {
        return strategy;
    }

    /**
     * The queues when the strategy started, before it changed anything; empty without native
     * access (see {@link io.github.sockopt4j.NativeSocket#unavailableReason}), or for a Netty
     * channel whose fd cannot be reached (the close still lingered).
     */
    public Optional<SocketQueues> atStart() {
        return Optional.ofNullable(atStart);
    }

    /**
     * The queues right before the final {@code close(2)}; empty when someone else closed the
     * socket first or without native access (then {@link #finalSignal()} is
     * {@link FinalSignal#UNKNOWN}).
     */
    public Optional<SocketQueues> atClose() {
        return Optional.ofNullable(atClose);
    }

    /** Bytes read and discarded by {@link Close#lingering} or a {@link LingeringCloser}; 0 for the other strategies. */
    public long bytesDrained() {
        return bytesDrained;
    }

    /** How the wait before the final close ended; {@link DrainEnd#NOT_APPLICABLE} when there was none. */
    public DrainEnd drainEnd() {
        return drainEnd;
    }

    /** What the final close sent, decided from the queues and {@code SO_LINGER} at that instant. */
    public FinalSignal finalSignal() {
        return finalSignal;
    }

    /** Whether the final close sent RST (the peer may see {@code ECONNRESET}; our unsent bytes were dropped). */
    public boolean sentReset() {
        return finalSignal == FinalSignal.RST;
    }

    /** From the start of the strategy to the return of the JDK's {@code close()}. */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * The I/O error that ended the wait ({@link DrainEnd#ERROR}, {@link DrainEnd#PEER_RESET},
     * {@link DrainEnd#INTERRUPTED}) or that the final {@code close()} threw, or the notice that
     * the JDK deferred closing the fd because a selector still held the channel (then
     * {@link #finalSignal()} is {@link FinalSignal#UNKNOWN}); the socket is closed in every case.
     */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(200)
                .append(strategy).append(" close: ").append(finalSignal);
        if (drainEnd != DrainEnd.NOT_APPLICABLE) {
            s.append(" after ").append(drainEnd);
        }
        if (strategy == CloseStrategy.LINGERING || strategy == CloseStrategy.LINGERING_ASYNC) {
            s.append(", ").append(bytesDrained).append(" bytes drained");
        }
        s.append(", ").append(String.format(Locale.ROOT, "%.1f ms", elapsed.toNanos() / 1e6))
                .append("; at start ").append(atStart == null ? "unknown" : atStart)
                .append("; at close ").append(atClose == null ? "unknown" : atClose);
        if (failure != null) {
            s.append("; ").append(failure);
        }
        return s.toString();
    }
}
