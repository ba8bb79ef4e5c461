package io.github.sockopt4j.close;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.internal.CloseLook;
import io.github.sockopt4j.internal.close.CloseEngine;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.IdentityHashMap;

/**
 * The steps every close of a JDK socket takes, whoever waits in between: the blocking strategies
 * of {@link Close} and the non-blocking {@link LingeringCloser}. Claim the socket, take the first
 * look at its queues, half-close it, and at the end look again and call the JDK's
 * {@code close()}; what each step means (the linger, FIN or RST, the report) is
 * {@link CloseEngine}'s to decide, as for every other integration.
 */
final class CloseSteps {
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
            return target.fdSocket().look(lingerWhen);
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
     * {@code shutdown(SHUT_WR)} through the JDK. A connection the kernel has already ended
     * ({@link CloseEngine#endedBeforeShutdown}) has nothing left to shut down: not a failure.
     *
     * @param linger the linger the first look read, or null to read it now
     * @return the failure, or null
     */
    static IOException halfClose(CloseTarget target, Linger linger) {
        try {
            CloseEngine.lingerOff(target, linger);
            target.shutdownOutput();
            return null;
        } catch (IOException e) {
            return CloseEngine.endedBeforeShutdown(e) ? null : e;
        }
    }

    /**
     * The last look at the queues, the FIN-or-RST decision, the JDK's {@code close()} (always,
     * whatever failed before), the report and its debug line; {@code integration} names the
     * closer in the report's listeners and event.
     */
    static CloseReport finish(String integration, CloseTarget target, CloseStrategy strategy, SocketQueues atStart,
                              long startNanos, DrainEnd end, long drained, IOException failure) {
        return finish(integration, target, strategy, atStart, false, null, startNanos, end, drained, failure);
    }

    /**
     * {@link #finish(String, CloseTarget, CloseStrategy, SocketQueues, long, DrainEnd, long, IOException)}
     * without reading again what the strategy already knows: {@code queuesUnchanged} when nothing
     * it did since {@code atStart} could change the queues (no half-close, no wait: the reading is
     * as fresh as a second one would be), and {@code linger} when it set {@code SO_LINGER} itself
     * (null: read it).
     */
    static CloseReport finish(String integration, CloseTarget target, CloseStrategy strategy, SocketQueues atStart,
                              boolean queuesUnchanged, Linger linger, long startNanos,
                              DrainEnd end, long drained, IOException failure) {
        String name = CloseEngine.nameForLog(target);
        Object remote = CloseEngine.recorded() ? target.remoteAddress() : null;
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
                atClose = queuesUnchanged && atStart != null ? atStart : target.fdSocket().queues();
                signal = CloseEngine.finalSignal(target.fdSocket(), target.isConnected(), end, atClose, linger);
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
        return CloseEngine.report(integration, name, remote, strategy, atStart, atClose, drained, end, signal,
                startNanos, failure);
    }
}
