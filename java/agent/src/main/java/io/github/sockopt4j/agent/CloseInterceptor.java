package io.github.sockopt4j.agent;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.OwnedFd;
import io.github.sockopt4j.internal.OwnedFdHandOver;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What runs on the application's thread when the JDK closes a socket. Before the JDK's close:
 * decide whether the close is one to take, and if so duplicate the fd (under the JDK's close lock,
 * while the socket is not closing). The JDK's close then goes on unchanged and releases only its
 * own descriptor; after it, the duplicate goes to the closer, which shuts it down, drains and closes it.
 *
 * <p>Left alone (the JDK's close as without the agent): {@code SO_LINGER {1, 0}} (an abortive
 * close was asked for), sockets that are not TCP (AF_UNIX) or not connected (listening, never
 * connected, already closed), a peer that closed with nothing unread ({@code CLOSE_WAIT}, nothing
 * to lose), and with {@code when=unread} every socket with nothing unread.
 *
 * <p><b>Input shut down</b> ({@code shutdownInput()} before the close, as Helidon does): Linux
 * resets the connection itself when data arrives after {@code SHUT_RD} and our FIN, so the FIN
 * must wait until the peer has stopped sending. The JDK's close sends that FIN unless
 * {@code SO_LINGER} is {@code {1, 0}}: the agent sets it for the length of the JDK's close (the
 * duplicate keeps the socket, so no RST), puts the linger back afterwards, and the closer drains
 * first and sends the FIN with its final close.
 */
final class CloseInterceptor implements JdkCloseHook {
    /** {@code -Dsockopt4j.agent.debug=true}: one line per close, taken or not and why, and each report. */
    static final boolean DEBUG = Boolean.getBoolean("sockopt4j.agent.debug");
    private static final VarHandle CHANNEL_INPUT_CLOSED = inputClosed("sun.nio.ch.SocketChannelImpl");
    private static final VarHandle IMPL_INPUT_CLOSED = inputClosed("sun.nio.ch.NioSocketImpl");

    private final LingeringCloser closer;
    private final boolean onlyUnread;
    final AtomicLong handedOver = new AtomicLong();
    final AtomicLong leftAlone = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    /** A close taken before the JDK's close, handed to the closer after it. */
    private static final class Taken {
        final OwnedFd dup;
        /** The linger to put back after the JDK's close, when the FIN is deferred; else null. */
        final Linger restore;

        Taken(OwnedFd dup, Linger restore) {
            this.dup = dup;
            this.restore = restore;
        }
    }

    CloseInterceptor(LingeringCloser closer, boolean onlyUnread) {
        this.closer = closer;
        this.onlyUnread = onlyUnread;
    }

    /** The JDK's {@code isInputClosed} flag of {@code className}; null if this JDK has none (never deferred then). */
    private static VarHandle inputClosed(String className) {
        try {
            Class<?> c = Class.forName(className);
            return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).findVarHandle(c, "isInputClosed", boolean.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Before the JDK's close; returns what {@link #after()} needs, or null (the JDK's close alone). */
    @Override
    public Object apply(Object jdkSocket) {
        try {
            Object taken = take(jdkSocket);
            if (taken instanceof String) {
                leftAlone.incrementAndGet();
                if (DEBUG) {
                    System.err.println(Sockopt4jAgent.PREFIX + "left to the JDK: " + jdkSocket + ": " + taken);
                }
                return null;
            }
            if (DEBUG) {
                System.err.println(Sockopt4jAgent.PREFIX + "lingering: " + jdkSocket
                        + (((Taken) taken).restore != null ? " (input shut down: FIN after the drain)" : ""));
            }
            return taken;
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet(); // closed meanwhile, not TCP, or no fd left: the JDK closes as before
            if (DEBUG) {
                System.err.println(Sockopt4jAgent.PREFIX + "left to the JDK: " + jdkSocket + ": " + e);
            }
            return null;
        }
    }

    /** After the JDK's close: the duplicate to the closer. */
    @Override
    public Consumer<Object> after() {
        return token -> handOver((Taken) token);
    }

    /** A {@link Taken}, or the reason (a String) the close is left to the JDK. */
    private Object take(Object jdkSocket) throws IOException {
        FdSocket socket;
        SocketAddress remote = null;
        boolean inputClosed;
        if (jdkSocket instanceof SocketChannel) {
            SocketChannel channel = (SocketChannel) jdkSocket;
            try {
                remote = channel.socket().getRemoteSocketAddress(); // the channel's own getter refuses once closed
            } catch (UnsupportedOperationException unixDomain) {
                return "not TCP (AF_UNIX)"; // a UNIX-domain channel has no adaptor socket
            }
            socket = FdSocket.of(channel);
            inputClosed = CHANNEL_INPUT_CLOSED != null && (boolean) CHANNEL_INPUT_CLOSED.getVolatile(channel);
        } else {
            socket = FdSocket.of((SocketImpl) jdkSocket);
            inputClosed = IMPL_INPUT_CLOSED != null && (boolean) IMPL_INPUT_CLOSED.getVolatile(jdkSocket);
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
        // Input shut down and our FIN not sent yet: keep the JDK's close from sending it.
        boolean deferFin = inputClosed && state != TcpState.FIN_WAIT1 && state != TcpState.FIN_WAIT2;
        if (deferFin) {
            try {
                dup.deferFin();
                dup.socket().setLinger(Linger.abortive()); // the JDK's close skips its shutdown(SHUT_WR)
            } catch (IOException | RuntimeException e) {
                dup.close();
                throw e;
            }
        }
        return new Taken(dup, deferFin ? linger : null);
    }

    private void handOver(Taken t) {
        OwnedFd dup = t.dup;
        try {
            if (t.restore != null) {
                dup.socket().setLinger(t.restore);
            }
            CompletableFuture<CloseReport> report = OwnedFdHandOver.submit(closer, dup);
            handedOver.incrementAndGet();
            if (DEBUG) {
                report.whenComplete((r, e) -> System.err.println(Sockopt4jAgent.PREFIX + dup + ": "
                        + (r != null ? r : "failed: " + e)));
            }
        } catch (IOException | RuntimeException e) { // RejectedExecutionException among them
            failed.incrementAndGet();
            try {
                dup.close(); // the last descriptor: the close the JDK would have made, a moment later
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (DEBUG) {
                System.err.println(Sockopt4jAgent.PREFIX + "not handed over, closed: " + dup + ": " + e);
            }
        }
    }
}
