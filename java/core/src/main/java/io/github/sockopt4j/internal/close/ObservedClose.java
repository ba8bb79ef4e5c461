package io.github.sockopt4j.internal.close;

import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.internal.CloseLook;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.QueueLook;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * A close the server makes itself, observed ({@code CloseMode.OBSERVE}): the queues,
 * {@code SO_LINGER} and the TCP state read right before it, and, once the server's close has run,
 * the report of what that close sent ({@link CloseStrategy#OBSERVED}). Unread bytes or a zero
 * linger mean RST, and the response bytes still unsent then are lost; otherwise FIN. Nothing of
 * the server's close is changed, and a failed look never fails it.
 *
 * <p>A JDK channel still registered with a selector is closed in two steps: its output is shut
 * down at once (FIN) and its fd closed when the selector next selects. Bytes that arrive in
 * between turn that later close into an RST this look cannot see; the report is of the queues as
 * they were when the server called {@code close()}. And a close that sends FIN with the peer still
 * sending is followed by the kernel's RST when its next bytes arrive ({@code TCPAbortOnData}):
 * after the close, where no look can be. A reported RST is certain; a reported FIN is what the
 * close sent.
 */
public final class ObservedClose {
    private final long startNanos = System.nanoTime();
    private final String name;
    private final Object remote;
    private CloseLook look;
    private FinalSignal signal = FinalSignal.UNKNOWN;
    private IOException failure;

    private ObservedClose(String name, Object remote) {
        this.name = name;
        this.remote = remote;
    }

    /** A server's close of a socket: the step an observed close wraps. */
    @FunctionalInterface
    public interface ServerClose {
        void close() throws IOException;
    }

    /**
     * Runs {@code close}, the server's own close of {@code channel}, observed: the look right
     * before it, the report right after. The close runs whatever the look did, and what it throws
     * is thrown.
     */
    public static void close(String integration, SocketChannel channel, ServerClose close) throws IOException {
        ObservedClose observed = before(channel);
        IOException failure = null;
        try {
            close.close();
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            observed.after(integration, failure);
        }
    }

    /** {@link #before(FdSocket, String, Object)} of a JDK channel. */
    public static ObservedClose before(SocketChannel channel) {
        Object remote = null;
        if (CloseEngine.recorded()) {
            try {
                remote = channel.getRemoteAddress();
            } catch (IOException closed) {
                remote = null; // the look below fails and says why
            }
        }
        ObservedClose observed = new ObservedClose(CloseEngine.nameForLog(channel), remote);
        try {
            observed.look(FdSocket.of(channel));
        } catch (RuntimeException notTheJdks) { // a channel of another SelectorProvider
            observed.failure = new IOException("not observed: " + notTheJdks.getMessage(), notTheJdks);
        }
        return observed;
    }

    /**
     * Reads {@code socket} before the server closes it.
     *
     * @param socket the socket's fd view, or null when the integration has none (then the report
     *     says so, with an UNKNOWN signal)
     * @param name   {@link CloseEngine#nameForLog} of what is closed
     * @param remote the peer when {@link CloseEngine#recorded()}, else null
     */
    public static ObservedClose before(FdSocket socket, String name, Object remote) {
        ObservedClose observed = new ObservedClose(name, remote);
        if (socket == null) {
            observed.failure = new IOException("not observed: no native view of the socket");
        } else {
            observed.look(socket);
        }
        return observed;
    }

    private void look(FdSocket socket) {
        try {
            CloseLook seen = socket.look(QueueLook.LINGER_IF_NOTHING_UNREAD);
            boolean connected = socket.tcpState() != TcpState.CLOSE; // CLOSE: reset by the peer, or never connected
            signal = CloseEngine.finalSignal(socket, connected, DrainEnd.NOT_APPLICABLE, seen.queues(), seen.linger());
            look = seen;
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException("the look before the close failed", e);
        }
    }

    /**
     * The report, once the server's close has returned.
     *
     * @param integration what the server is ({@code "Tomcat"}, {@code "Jetty"}, {@code "Netty"}, {@code "Agent"})
     * @param closeFailure what the server's close threw, or null
     */
    public CloseReport after(String integration, IOException closeFailure) {
        IOException reported = failure != null ? failure : closeFailure;
        return CloseEngine.report(integration, name, remote, CloseStrategy.OBSERVED, look == null ? null : look.queues(),
                look == null ? null : look.queues(), 0, DrainEnd.NOT_APPLICABLE, signal, startNanos, reported);
    }
}
