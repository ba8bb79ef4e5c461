package io.github.sockopt4j;

import java.io.IOException;

/**
 * The sizes of a TCP socket's queues at one instant, in bytes.
 *
 * @param unread  received and not yet read by the application ({@code ioctl(SIOCINQ)}); more
 *                than 0 means a {@code close()} now sends RST
 * @param unsent  written by the application and not yet sent ({@code ioctl(SIOCOUTQNSD)});
 *                an RST discards them
 * @param unacked sent and not yet ACKed by the peer's kernel ({@code SIOCOUTQ - SIOCOUTQNSD});
 *                after {@code shutdown(SHUT_WR)} our FIN counts as one byte here (or in
 *                {@code unsent}) until it is ACKed
 */
public record SocketQueues(int unread, int unsent, int unacked) {

    /**
     * Reads the queue sizes: {@link NativeSocket#queues()}.
     *
     * @param socket the socket to look at
     * @return its queues now
     * @throws IOException if the socket is closed or an {@code ioctl} fails
     */
    public static SocketQueues of(NativeSocket socket) throws IOException {
        return socket.queues();
    }

    /** Whether the send queue is empty: the peer's kernel ACKed everything, FIN included. */
    public boolean allAcked() {
        return unsent == 0 && unacked == 0;
    }

    @Override
    public String toString() {
        return "unread=" + unread + " unsent=" + unsent + " unacked=" + unacked;
    }
}
