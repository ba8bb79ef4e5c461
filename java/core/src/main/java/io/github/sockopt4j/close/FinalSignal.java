package io.github.sockopt4j.close;

/**
 * What the final {@code close(2)} of a {@link Close} strategy sent, decided from the socket's
 * queues and {@code SO_LINGER} right before it (Linux {@code __tcp_close}): unread bytes or
 * {@code SO_LINGER {1, 0}} mean RST, otherwise the close is orderly.
 */
public enum FinalSignal {
    /** An orderly close: FIN, sent now or already queued by {@code shutdown(SHUT_WR)}. */
    FIN,
    /** RST: the kernel discarded the unread input and every byte the peer had not yet received. */
    RST,
    /** Nothing: the connection was not connected or already reset by the peer. */
    NONE,
    /**
     * Not known: the socket was closed by someone else before the strategy's own close (the JDK
     * on interrupt, or another thread calling {@code close()}), the channel was still registered
     * with a selector, so that the JDK closes its fd only at that selector's next select (the
     * report's failure says so), or native access is unavailable; the queues at that instant
     * were not seen.
     */
    UNKNOWN
}
