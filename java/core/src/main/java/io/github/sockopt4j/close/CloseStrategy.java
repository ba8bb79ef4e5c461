package io.github.sockopt4j.close;

/** Which {@link Close} strategy produced a {@link CloseReport}. */
public enum CloseStrategy {
    /** {@link Close#plain}: the kernel's default {@code close(2)}, reported. */
    PLAIN,
    /** {@link Close#abortive}: {@code SO_LINGER {1, 0}}, then {@code close(2)}: RST now. */
    ABORTIVE,
    /** {@link Close#lingering}: {@code shutdown(SHUT_WR)}, read and discard, then {@code close(2)}. */
    LINGERING,
    /** {@link Close#afterAcked}: {@code shutdown(SHUT_WR)}, wait for {@code SIOCOUTQ == 0}, then {@code close(2)}. */
    AFTER_ACKED,
    /**
     * {@link LingeringCloser} (and {@link Close#lingeringAsync}): the steps of {@link #LINGERING},
     * the drain done by a selector thread.
     */
    LINGERING_ASYNC,
    /**
     * Not a close sockopt4j made: a server module or the agent in {@link CloseMode#OBSERVE} read the
     * queues right before the server's own {@code close()} and reports what that close sent. Its
     * queues at start and at close are that one reading; nothing was drained.
     */
    OBSERVED
}
