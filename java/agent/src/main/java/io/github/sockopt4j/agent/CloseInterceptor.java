package io.github.sockopt4j.agent;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.OwnedFd;
import io.github.sockopt4j.internal.OwnedFdHandOver;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What runs on the application's thread when the JDK starts closing a socket: decide whether the
 * close is one to take, and if so duplicate the fd (under the JDK's close lock, while the socket
 * is not closing) and hand the duplicate to the closer. The JDK's close then goes on unchanged and
 * releases only its own descriptor; the connection lives on in the duplicate, which the closer
 * shuts down, drains and closes.
 *
 * <p>Left alone (the JDK's close as without the agent): {@code SO_LINGER {1, 0}} (an abortive
 * close was asked for), sockets that are not TCP (AF_UNIX) or not connected (listening, never
 * connected, already closed), a peer that closed with nothing unread ({@code CLOSE_WAIT}, nothing
 * to lose), and with {@code when=unread} every socket with nothing unread.
 */
final class CloseInterceptor implements Consumer<Object> {
    /** {@code -Dsockopt4j.agent.debug=true}: one line per close the agent could not take, and why. */
    private static final boolean DEBUG = Boolean.getBoolean("sockopt4j.agent.debug");
    private final LingeringCloser closer;
    private final boolean onlyUnread;
    final AtomicLong handedOver = new AtomicLong();
    final AtomicLong leftAlone = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    CloseInterceptor(LingeringCloser closer, boolean onlyUnread) {
        this.closer = closer;
        this.onlyUnread = onlyUnread;
    }

    @Override
    public void accept(Object jdkSocket) {
        try {
            String leftBecause = take(jdkSocket);
            if (leftBecause != null) {
                leftAlone.incrementAndGet();
                if (DEBUG) {
                    System.err.println(Sockopt4jAgent.PREFIX + "left to the JDK: " + jdkSocket + ": " + leftBecause);
                }
            } else if (DEBUG) {
                System.err.println(Sockopt4jAgent.PREFIX + "lingering: " + jdkSocket);
            }
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet(); // closed meanwhile, not TCP, or no fd left: the JDK closes as before
            if (DEBUG) {
                System.err.println(Sockopt4jAgent.PREFIX + "left to the JDK: " + jdkSocket + ": " + e);
            }
        }
    }

    /** Takes the close over; else returns why not. */
    private String take(Object jdkSocket) throws IOException {
        FdSocket socket;
        SocketAddress remote = null;
        if (jdkSocket instanceof SocketChannel) {
            SocketChannel channel = (SocketChannel) jdkSocket;
            try {
                remote = channel.socket().getRemoteSocketAddress(); // the channel's own getter refuses once closed
            } catch (UnsupportedOperationException unixDomain) {
                return "not TCP (AF_UNIX)"; // a UNIX-domain channel has no adaptor socket
            }
            socket = FdSocket.of(channel);
        } else {
            socket = FdSocket.of((SocketImpl) jdkSocket);
        }
        TcpState state = socket.tcpState(); // fails for AF_UNIX: not TCP, left alone
        switch (state) {
            case ESTABLISHED:
            case FIN_WAIT1:
            case FIN_WAIT2:
            case CLOSE_WAIT:
                break;
            default:
                return "TCP state " + state; // listening, connecting, closed: nothing a lingering close can save
        }
        Linger linger = socket.linger();
        if (linger.isOn() && linger.timeout().orElseThrow().isZero()) {
            return "SO_LINGER {1, 0}"; // the application asked for an abortive close
        }
        if ((state == TcpState.CLOSE_WAIT || onlyUnread) && socket.unreadBytes() == 0) {
            return state == TcpState.CLOSE_WAIT ? "the peer closed, nothing unread" : "nothing unread (when=unread)";
        }
        OwnedFd dup = OwnedFd.duplicate(socket, remote);
        try {
            OwnedFdHandOver.submit(closer, dup);
        } catch (IOException | RuntimeException e) { // RejectedExecutionException among them
            dup.close(); // the JDK's own close of its fd is then the last one, as without the agent
            throw e;
        }
        handedOver.incrementAndGet();
        return null;
    }
}
