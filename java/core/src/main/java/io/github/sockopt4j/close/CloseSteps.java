package io.github.sockopt4j.close;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.NativeSocketException;
import io.github.sockopt4j.ReusableTcpInfo;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.TcpOptions;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.CloseLook;
import io.github.sockopt4j.internal.CoreAccess;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every close takes, whoever waits in between: the blocking strategies of
 * {@link Close} and the non-blocking {@link LingeringCloser}. Claim the socket, take the first
 * look at its queues, half-close it, and at the end look again, decide FIN or RST, call the JDK's
 * {@code close()} and build the {@link CloseReport}.
 */
final class CloseSteps {
    private static final Logger LOG = LoggerFactory.getLogger(Close.class);

    /**
     * How often a drain whose input was shut down ({@code shutdownInput()}) reads: such a socket
     * is always readable to poll and epoll, and the JDK's reads end at once, so it is read
     * natively on a timer.
     */
    static final long SHUT_INPUT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Sockets being closed now, by identity (a {@code Socket} subclass may override
     * {@code equals}), with the thread closing them. Striped by identity hash, so that closes on
     * many threads rarely share a lock; an {@code IdentityHashMap} keeps an entry in two array
     * slots, where a concurrent map would allocate a node and a key wrapper per close.
     */
    private static final int STRIPES = 64;
    @SuppressWarnings("unchecked")
    private static final IdentityHashMap<Object, Thread>[] IN_PROGRESS = new IdentityHashMap[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            IN_PROGRESS[i] = new IdentityHashMap<>();
        }
    }

    private CloseSteps() {}

    private static IdentityHashMap<Object, Thread> stripe(Object jdkObject) {
        int h = System.identityHashCode(jdkObject);
        return IN_PROGRESS[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /**
     * Marks {@code jdkObject} as being closed by {@code closer}.
     *
     * @throws CloseInProgressException if another close holds it (nothing done)
     */
    static void claim(Object jdkObject, Thread closer) throws CloseInProgressException {
        IdentityHashMap<Object, Thread> claims = stripe(jdkObject);
        Thread other;
        synchronized (claims) {
            other = claims.putIfAbsent(jdkObject, closer);
        }
        if (other != null) {
            throw new CloseInProgressException(jdkObject.toString(), other);
        }
    }

    /** Ends the claim of {@link #claim}. */
    static void release(Object jdkObject) {
        IdentityHashMap<Object, Thread> claims = stripe(jdkObject);
        synchronized (claims) {
            claims.remove(jdkObject);
        }
    }

    /**
     * The queues before anything is changed, with {@code SO_LINGER} as {@code lingerWhen} asks
     * ({@link QueueLook}), or null without native access. If this first look fails the socket is
     * closed (the promise: once started, a close always closes) and the error thrown; a socket
     * that someone else closed meanwhile throws {@link ClosedChannelException} and nothing was
     * done.
     */
    static CloseLook firstLook(CloseTarget target, int lingerWhen) throws IOException {
        if (!target.hasNative()) {
            return null;
        }
        try {
            return CoreAccess.look(target.nativeSocket(), lingerWhen);
        } catch (ClosedChannelException closedMeanwhile) {
            throw closedMeanwhile;
        } catch (IOException | RuntimeException e) {
            closeAfter(target, e);
            throw e;
        }
    }

    /** Closes the socket after {@code failure} ended a close early; a failing close is added to it. */
    static void closeAfter(CloseTarget target, Throwable failure) {
        try {
            target.close();
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * Turns a positive {@code SO_LINGER} off (the final close must not block in the kernel), then
     * {@code shutdown(SHUT_WR)} through the JDK.
     *
     * @param linger the linger the first look read, or null to read it now
     * @return the failure, or null
     */
    static IOException halfClose(CloseTarget target, Linger linger) {
        try {
            if ((linger != null ? linger : target.linger()).isOn()) {
                target.setLinger(Linger.off());
            }
            target.shutdownOutput();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /**
     * The last look at the queues, the FIN-or-RST decision, the JDK's {@code close()} (always,
     * whatever failed before), the report and its debug line.
     */
    static CloseReport finish(CloseTarget target, CloseStrategy strategy, SocketQueues atStart, long startNanos,
                              DrainEnd end, long drained, IOException failure) {
        return finish(target, strategy, atStart, false, null, startNanos, end, drained, failure);
    }

    /**
     * {@link #finish(CloseTarget, CloseStrategy, SocketQueues, long, DrainEnd, long, IOException)}
     * without reading again what the strategy already knows: {@code queuesUnchanged} when nothing
     * it did since {@code atStart} could change the queues (no half-close, no wait: the reading is
     * as fresh as a second one would be), and {@code linger} when it set {@code SO_LINGER} itself
     * (null: read it).
     */
    static CloseReport finish(CloseTarget target, CloseStrategy strategy, SocketQueues atStart,
                              boolean queuesUnchanged, Linger linger, long startNanos,
                              DrainEnd end, long drained, IOException failure) {
        String name = LOG.isDebugEnabled() ? target.toString() : null;
        SocketQueues atClose = null;
        FinalSignal signal = FinalSignal.UNKNOWN;
        IOException deferred = target.isRegistered() ? new IOException(target + " is still registered with a"
                + " selector: the JDK closes its fd only when that selector next selects or is closed, so what"
                + " the close sends is not known") : null;
        try {
            if (deferred != null) {
                failure = failure == null ? deferred : failure;
                if (failure != deferred) {
                    failure.addSuppressed(deferred);
                }
            } else if (target.hasNative() && target.isOpen()) {
                atClose = queuesUnchanged && atStart != null ? atStart : SocketQueues.of(target.nativeSocket());
                signal = finalSignal(target, end, atClose, linger);
            }
        } catch (ClosedChannelException closedMeanwhile) {
            atClose = null;
            signal = FinalSignal.UNKNOWN;
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        } finally {
            try {
                target.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        CloseReport report = new CloseReport(strategy, atStart, atClose, drained, end, signal,
                Duration.ofNanos(System.nanoTime() - startNanos), failure);
        if (name != null) {
            LOG.debug("{}: {}", name, report);
        }
        return report;
    }

    /**
     * What {@code __tcp_close} will do: unread bytes, then a zero linger, mean RST. The linger is
     * read only when it matters (no unread bytes) and is not already known.
     */
    private static FinalSignal finalSignal(CloseTarget target, DrainEnd end, SocketQueues atClose, Linger linger)
            throws IOException {
        if (!target.isConnected() || end == DrainEnd.PEER_RESET) {
            return FinalSignal.NONE;
        }
        if (atClose.unread() > 0 || (linger != null ? linger : target.linger()).isAbortive()) {
            return FinalSignal.RST;
        }
        return FinalSignal.FIN;
    }

    /**
     * Whether the peer's FIN has arrived, from the {@code TCP_INFO} state: a read's end of stream
     * is one only then, since after {@code shutdown(SHUT_RD)} the kernel answers it too when the
     * queue is empty. {@code CLOSE} also covers a FIN in {@code FIN_WAIT2} (the kernel hands the
     * connection to a timewait socket and closes ours) and a reset; with the input shut down, a
     * reset can come between the read and this look (our own kernel's, for data after
     * {@code SHUT_RD} and our FIN), so there {@code SO_ERROR} tells the two apart.
     *
     * @param inputShut whether {@code shutdownInput()} was called (the read's 0 may be no FIN)
     * @throws NativeSocketException {@code ECONNRESET} (from {@code SO_ERROR}) when it was a reset
     */
    static boolean finArrived(NativeSocket socket, ReusableTcpInfo into, boolean inputShut) throws IOException {
        socket.tcpInfo(into);
        TcpState state = into.state();
        if (state == TcpState.CLOSE && inputShut) {
            int error = socket.getInt(TcpOptions.SO_ERROR);
            if (error != 0) {
                throw new NativeSocketException("getsockopt(SO_ERROR)", socket.fd(), error,
                        Backends.current().strerror(error));
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
    static IOException afterInputShutdown(IOException e) {
        if (e instanceof NativeSocketException n && "ECONNRESET".equals(n.errnoName())) {
            return new IOException("the connection was reset after shutdownInput(): Linux resets it itself when"
                    + " data arrives after SHUT_RD and our FIN (or the peer reset it); bytes the peer sent then are"
                    + " lost, and the RST dropped what we had not sent yet", e);
        }
        return e;
    }

    /** How a failed drain read ended. */
    static DrainEnd endOf(IOException e) {
        if (e instanceof NativeSocketException n) {
            return "ECONNRESET".equals(n.errnoName()) ? DrainEnd.PEER_RESET : DrainEnd.ERROR;
        }
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            return DrainEnd.INTERRUPTED;
        }
        // The JDK has no type for ECONNRESET on reads: SocketException "Connection reset"
        // (sun.net.ConnectionResetException for channels), JDK 17 to 25.
        String message = e.getMessage();
        if (e instanceof SocketException && message != null && message.startsWith("Connection reset")) {
            return DrainEnd.PEER_RESET;
        }
        return DrainEnd.ERROR;
    }
}
