package io.github.sockopt4j.close;

import io.github.sockopt4j.NativeSocket;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Which of a {@link CloserWorker}'s pending closes have input to drain: an epoll instance of the
 * closer's own when native access is available ({@link EpollReadiness}), else the JDK's selector
 * ({@link JdkReadiness}). Used by the worker thread only, except {@link #wakeup}.
 */
interface Readiness extends AutoCloseable {
    /** The epoll readiness where sockopt4j can make its syscalls, the JDK's selector otherwise. */
    static Readiness open() throws IOException {
        return NativeSocket.unavailableReason().isEmpty() ? new EpollReadiness() : new JdkReadiness();
    }

    /** Watches {@code p} for input (level-triggered: reported while input is queued, or at EOF). */
    void add(PendingClose p) throws IOException;

    /**
     * Stops watching {@code p}: its drain is over, or its input was shut down (then it is readable
     * for ever and is polled by timer). Does nothing if {@code p} is not watched.
     */
    void remove(PendingClose p);

    /**
     * Before the final closes of a batch: completes what {@link #remove} left for later (the
     * JDK's selector deregisters cancelled keys only when it selects, and until then the JDK's
     * {@code close()} keeps the fd open), handing closes found readable meanwhile to {@code ready}.
     */
    void flush(Consumer<PendingClose> ready) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} (0: until {@link #wakeup}; negative: not at all) and hands
     * each close that has input to {@code ready}; at most one slice of ready closes per call.
     */
    void select(Consumer<PendingClose> ready, long timeoutMillis) throws IOException;

    /** Makes a {@link #select} under way, or the next one, return at once. Any thread. */
    void wakeup();

    /** Releases the readiness; what is still watched is dropped (the JDK then releases those fds). */
    @Override
    void close() throws IOException;
}
