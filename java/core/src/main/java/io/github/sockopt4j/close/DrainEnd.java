package io.github.sockopt4j.close;

/**
 * How the waiting phase of a {@link Close} strategy ended: the drain of {@link Close#lingering}
 * and {@link LingeringCloser}, or the ACK wait of {@link Close#afterAcked}.
 */
public enum DrainEnd {
    /** The peer's FIN arrived (a read returned end of stream): the peer has nothing more to send. */
    PEER_EOF,
    /** No byte arrived for {@link DrainPolicy#idleTimeout()}. */
    IDLE_TIMEOUT,
    /** {@link DrainPolicy#totalTimeout()}, or the {@code afterAcked} deadline, passed. */
    TOTAL_TIMEOUT,
    /** {@link DrainPolicy#maxDrainBytes()} were read and discarded. */
    BYTE_CAP,
    /** {@code SIOCOUTQ} reached 0: the peer's kernel ACKed all our data and our FIN. */
    ACKED,
    /** A read failed with {@code ECONNRESET}: the peer reset the connection. */
    PEER_RESET,
    /**
     * The closing thread was interrupted. The socket is closed at once (a {@code SocketChannel}
     * is closed by the JDK itself, as every {@code InterruptibleChannel} is) and the thread's
     * interrupt status is kept.
     */
    INTERRUPTED,
    /**
     * The {@link LingeringCloser} was closed and its grace period ended before the drain did. The
     * final close is the one a timeout makes: FIN, or RST if bytes are unread.
     */
    SHUTDOWN,
    /** Another I/O error, or the socket was closed by someone else meanwhile; see {@link CloseReport#failure()}. */
    ERROR,
    /** The strategy does not wait ({@link Close#plain}, {@link Close#abortive}). */
    NOT_APPLICABLE
}
