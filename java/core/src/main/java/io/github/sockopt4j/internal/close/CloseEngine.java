package io.github.sockopt4j.internal.close;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.NativeSocketException;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.TcpOptions;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.IntValuedOption;
import io.github.sockopt4j.internal.LingerControl;
import io.github.sockopt4j.internal.NativeOption;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions every close makes, whoever waits and whoever owns the socket: the blocking
 * strategies of {@code Close}, the {@code LingeringCloser}, and the integrations (Netty's handler,
 * the server modules). Turning a linger off before the half-close, how a drain ended, whether the
 * peer's FIN or a reset arrived, FIN or RST from the queues right before the final close, and the
 * report. The callers do the waiting and the closing in their own way (a blocking read, an epoll
 * loop, an event loop); what those steps mean is decided here, once.
 *
 * <p>Internal: exported only to sockopt4j's own modules (see {@code docs/closing.md}, "Writing an
 * integration").
 */
public final class CloseEngine {
    /**
     * Every report, at DEBUG, one line per close: the logger a user turns on to see them, named
     * after what it prints.
     */
    private static final Logger REPORTS = LoggerFactory.getLogger(CloseReport.class);

    /**
     * How often a drain whose input was shut down ({@code shutdownInput()}) reads: such a socket
     * is always readable to poll and epoll, and the JDK's reads end at once, so it is read
     * natively on a timer.
     */
    public static final long SHUT_INPUT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final IntValuedOption<?> SO_ERROR = (IntValuedOption<?>) NativeOption.of(TcpOptions.SO_ERROR);

    private CloseEngine() {}

    /**
     * Turns {@code SO_LINGER} off before a half-close: a positive linger would block the final
     * close in the kernel (the drain already waits for the peer), a zero one would reset it.
     *
     * @param known the linger the first look read, or null to read it now
     * @return the linger the final close will see
     */
    public static Linger lingerOff(LingerControl socket, Linger known) throws IOException {
        Linger linger = known != null ? known : socket.linger();
        if (linger.isOn()) {
            socket.setLinger(Linger.off());
            return Linger.off();
        }
        return linger;
    }

    /**
     * Whether an error means the peer reset the connection: by errno where a native call gave
     * one; otherwise by the message, since neither the JDK nor Netty has a type for
     * {@code ECONNRESET}: the JDK's "Connection reset" ({@code SocketException}, JDK 17 to 25),
     * Netty's native transports' "...: Connection reset by peer".
     */
    public static boolean isReset(Throwable failure) {
        if (failure instanceof NativeSocketException n) {
            return "ECONNRESET".equals(n.errnoName());
        }
        String message = failure.getMessage();
        return failure instanceof IOException && message != null && message.contains("Connection reset");
    }

    /**
     * Whether a {@code shutdown(SHUT_WR)} failed because the kernel had already ended the
     * connection ({@code ENOTCONN}: {@code TCP_CLOSE}). It happens to a duplicated fd whose JDK
     * channel's close already sent our FIN: a peer that answers with its own FIN at once moves the
     * connection to {@code TIME_WAIT}, and the socket left to us is closed. The drain then reads
     * what is still queued and ends at the end of the stream.
     */
    public static boolean endedBeforeShutdown(IOException failure) {
        return failure instanceof NativeSocketException n && "ENOTCONN".equals(n.errnoName());
    }

    /** How a drain ended whose read (or wait) failed with {@code failure}. */
    public static DrainEnd endOf(Throwable failure) {
        if (failure instanceof NativeSocketException) {
            return isReset(failure) ? DrainEnd.PEER_RESET : DrainEnd.ERROR;
        }
        if (failure instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            return DrainEnd.INTERRUPTED;
        }
        return isReset(failure) ? DrainEnd.PEER_RESET : DrainEnd.ERROR;
    }

    /**
     * How a drain ended that reached the end of the input: the peer's EOF, unless a read failed
     * first (a failed read ends the input too) or the peer reset the connection.
     *
     * @param failure the first failure of the drain's reads, or null
     */
    public static DrainEnd atEndOfInput(Throwable failure) {
        return failure == null ? DrainEnd.PEER_EOF : endOf(failure);
    }

    /**
     * How a drain ends after {@code drained} bytes: at the byte cap once it is reached, but only
     * after our output is shut down. Bytes read while the response is still being flushed count
     * toward the cap, but cannot end the drain: closing then would cut the response.
     *
     * @return {@link DrainEnd#BYTE_CAP}, or null to go on
     */
    public static DrainEnd afterRead(long drained, long maxDrainBytes, boolean outputShut) {
        return outputShut && drained >= maxDrainBytes ? DrainEnd.BYTE_CAP : null;
    }

    /**
     * How a drain ends at {@code now} ({@link System#nanoTime()}): the total timeout first.
     *
     * @return {@link DrainEnd#TOTAL_TIMEOUT}, {@link DrainEnd#IDLE_TIMEOUT}, or null to go on
     */
    public static DrainEnd expired(long now, long totalDeadline, long idleDeadline) {
        if (now - totalDeadline >= 0) {
            return DrainEnd.TOTAL_TIMEOUT;
        }
        return now - idleDeadline >= 0 ? DrainEnd.IDLE_TIMEOUT : null;
    }

    /**
     * Whether the peer's FIN has arrived, from the TCP state: a read's end of stream is one only
     * then, since after {@code shutdown(SHUT_RD)} the kernel answers it too when the queue is
     * empty. {@code CLOSE} also covers a FIN in {@code FIN_WAIT2} (the kernel hands the connection
     * to a timewait socket and closes ours) and a reset; with the input shut down, a reset can
     * come between the read and this look (our own kernel's, for data after {@code SHUT_RD} and
     * our FIN), so there {@code SO_ERROR} tells the two apart.
     *
     * @param inputShut whether {@code shutdownInput()} was called (the read's 0 may be no FIN)
     * @throws NativeSocketException {@code ECONNRESET} (from {@code SO_ERROR}) when it was a reset
     */
    public static boolean finArrived(FdSocket socket, boolean inputShut) throws IOException {
        TcpState state = socket.tcpState();
        if (state == TcpState.CLOSE && inputShut) {
            int error = socket.getInt(SO_ERROR);
            if (error != 0) {
                throw socket.error("getsockopt(SO_ERROR)", error);
            }
        }
        return switch (state) {
            case CLOSE_WAIT, LAST_ACK, CLOSING, TIME_WAIT, CLOSE -> true;
            default -> false;
        };
    }

    /**
     * The failure of a drain read after {@code shutdownInput()}: an {@code ECONNRESET} then is
     * most likely our own kernel's doing, not the peer's (Linux resets a connection that
     * receives data after {@code SHUT_RD} once our FIN is sent, RFC 1122), so it is an
     * {@link DrainEnd#ERROR} that says so.
     */
    public static IOException afterInputShutdown(IOException e) {
        if (e instanceof NativeSocketException n && "ECONNRESET".equals(n.errnoName())) {
            return new IOException("the connection was reset after shutdownInput(): Linux resets it itself when"
                    + " data arrives after SHUT_RD and our FIN (or the peer reset it); bytes the peer sent then are"
                    + " lost, and the RST dropped what we had not sent yet", e);
        }
        return e;
    }

    /**
     * What Linux's {@code tcp_close} will send: nothing on a connection that no longer exists (the
     * peer reset it), RST for unread input or a zero linger, otherwise FIN. The linger is read
     * only when it matters (nothing unread) and is not already known.
     *
     * @param connected whether the kernel still has the connection (false once it is reset or
     *     was never connected)
     * @param atClose the queues right before the close, or null when they could not be read
     * @param knownLinger the linger as the closer last set or read it, or null to read it
     */
    public static FinalSignal finalSignal(FdSocket socket, boolean connected, DrainEnd end, SocketQueues atClose,
                                          Linger knownLinger) throws IOException {
        if (!connected || end == DrainEnd.PEER_RESET) {
            return FinalSignal.NONE;
        }
        if (atClose == null) {
            return FinalSignal.UNKNOWN;
        }
        if (atClose.unread() > 0 || (knownLinger != null ? knownLinger : socket.linger()).isAbortive()) {
            return FinalSignal.RST;
        }
        return FinalSignal.FIN;
    }

    /** {@code closed.toString()} when reports are logged, else null: take it before the close changes it. */
    public static String nameForLog(Object closed) {
        return REPORTS.isDebugEnabled() ? closed.toString() : null;
    }

    /**
     * Whether closes are recorded ({@code io.github.sockopt4j.Close} is on in a JFR recording): then
     * take the remote address for {@link #report} before the close (a closed JDK channel no longer
     * has one).
     */
    public static boolean recorded() {
        return new CloseEvent().isEnabled(); // a disabled event costs a constant false, nothing allocated
    }

    /**
     * The report of a close that has ended: logged at DEBUG under {@link CloseReport}'s logger with
     * {@code name} (see {@link #nameForLog}), committed as a JFR event when it is on, and handed to
     * the {@code CloseListener}s.
     *
     * @param integration what closed it ({@code "Close"}, {@code "LingeringCloser"}, {@code "Netty"},
     *                    {@code "Tomcat"}, {@code "Jetty"}, {@code "Agent"})
     * @param remote      the peer, taken before the close when {@link #recorded()}, or null
     * @param atStart     the queues before the close changed anything, or null (not seen)
     * @param startNanos  {@link System#nanoTime()} when the close began
     */
    public static CloseReport report(String integration, String name, Object remote, CloseStrategy strategy,
                                     SocketQueues atStart, SocketQueues atClose, long drained, DrainEnd end,
                                     FinalSignal signal, long startNanos, IOException failure) {
        CloseReport report = new CloseReport(strategy, atStart, atClose, drained, end, signal,
                Duration.ofNanos(System.nanoTime() - startNanos), failure);
        if (name != null) {
            REPORTS.debug("{}: {}", name, report);
        }
        CloseEvent event = new CloseEvent();
        if (event.isEnabled()) {
            commit(event, integration, remote, report);
        }
        ReportListeners.publish(integration, report);
        return report;
    }

    private static void commit(CloseEvent event, String integration, Object remote, CloseReport report) {
        event.integration = integration;
        event.remoteAddress = remote == null ? null : remote.toString();
        event.strategy = report.strategy().name();
        event.finalSignal = report.finalSignal().name();
        event.drainEnd = report.drainEnd().name();
        event.bytesDrained = report.bytesDrained();
        SocketQueues start = report.atStart().orElse(UNKNOWN);
        event.unreadAtStart = start.unread();
        event.unsentAtStart = start.unsent();
        event.unackedAtStart = start.unacked();
        SocketQueues close = report.atClose().orElse(UNKNOWN);
        event.unreadAtClose = close.unread();
        event.unsentAtClose = close.unsent();
        event.unackedAtClose = close.unacked();
        event.elapsed = report.elapsed().toNanos();
        event.failure = report.failure().map(Throwable::toString).orElse(null);
        event.commit();
    }

    /** The event's queues where the report has none. */
    private static final SocketQueues UNKNOWN = new SocketQueues(-1, -1, -1);
}
