package io.github.sockopt4j.close;

import io.github.sockopt4j.internal.CloseLook;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.QueueLook;
import io.github.sockopt4j.internal.close.CloseEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread of a {@link LingeringCloser}: a {@link Readiness} (an epoll instance of its own, or
 * the JDK's selector without native access), one {@link DeadlineHeap} for every idle, total and
 * hand-over deadline, and one reusable {@code TCP_INFO} reading.
 *
 * <p>Each turn of the loop: start at most {@link #START_BATCH} of the submitted closes (so that
 * a burst of 20,000 is begun in slices, the closes already started being served in between),
 * select (without waiting while closes are queued or ending), drain every readable close, then
 * expire the deadlines that passed, then end the closes whose drain is over. A select hands
 * back at most 1,024 ready closes (and the kernel moves those it returned to the back of its
 * ready list), so under a burst readiness arrives in slices too: an expiring close is therefore
 * read once more before it is declared idle or timed out, so that an EOF or bytes already
 * waiting are never mistaken for silence.
 *
 * <p>Reads discard natively ({@link FdSocket#discardInput}: no copy, no buffer) rather than
 * through the JDK: an interrupt of this thread cannot close a channel (the JDK's reads are
 * interruptible), and bytes queued after {@code shutdownInput()}, which the JDK no longer reads,
 * are drained. A read's end of stream counts as the peer's FIN only when {@code TCP_INFO} says
 * the FIN arrived; after {@code shutdownInput()} epoll reports the socket readable for ever, so
 * such a close is polled by timer instead ({@link CloseSteps#SHUT_INPUT_POLL_NANOS}).
 *
 * <p>Ending: stop watching the closes, {@link Readiness#flush} (the JDK's selector deregisters
 * only when it selects, and the JDK's {@code close()} closes a registered fd only then), then the
 * shared final step of {@link CloseSteps#finish} for each.
 */
final class CloserWorker implements Runnable {
    /** The closer's logger: the one a user configures for it, whichever of its classes speaks. */
    private static final Logger LOG = LoggerFactory.getLogger(LingeringCloser.class);
    /** Reads per close per readiness, so that one fast peer cannot starve the others. */
    private static final int READS_PER_EVENT = 8;
    /** Submitted closes started per turn of the loop, between two selects. */
    static final int START_BATCH = 256;
    private static final long MIN_HANDOVER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_HANDOVER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long TERMINATION_SPIN_MILLIS = 5_000;

    private final LingeringCloser owner;
    private final long idleNanos;
    private final long totalNanos;
    private final long maxDrainBytes;
    private final int readSize;
    private final Readiness readiness;
    /** Only without native access: the buffer the JDK reads into. */
    private ByteBuffer jdkBuffer;
    private final Queue<PendingClose> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Closes handed to this thread and not yet complete; counted before the shutdown check. */
    private final AtomicInteger assigned = new AtomicInteger();
    private final DeadlineHeap timers = new DeadlineHeap();
    /** Closes whose drain is over, waiting for their final step; swapped with {@link #finishing}. */
    private ArrayList<PendingClose> ending = new ArrayList<>();
    private ArrayList<PendingClose> finishing = new ArrayList<>();
    private final Consumer<PendingClose> drainReady = this::onReady; // one instance, not one per select
    private final Thread thread;
    private volatile long shutdownDeadline;
    private volatile boolean shuttingDown;
    /** The grace period is over: every close still pending ends now ({@link DrainEnd#SHUTDOWN}). */
    private boolean forced;

    CloserWorker(LingeringCloser owner, DrainPolicy policy, String name) throws IOException {
        this.owner = owner;
        this.idleNanos = policy.idleTimeout().toNanos();
        this.totalNanos = policy.totalTimeout().toNanos();
        this.maxDrainBytes = policy.maxDrainBytes();
        this.readSize = policy.bufferSize();
        this.readiness = Readiness.open();
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    Thread thread() {
        return thread;
    }

    void start() {
        thread.start();
    }

    /** Takes a close; false (nothing done) when this thread is shutting down. Any thread. */
    boolean enqueue(PendingClose p) {
        assigned.incrementAndGet();
        if (shuttingDown) {
            assigned.decrementAndGet();
            return false;
        }
        submitted.add(p);
        if (wakeupPending.compareAndSet(false, true)) {
            readiness.wakeup();
        }
        return true;
    }

    /** Lets pending closes go on until {@code deadlineNanos}, then ends them. Any thread. */
    void shutdown(long deadlineNanos) {
        shutdownDeadline = deadlineNanos;
        shuttingDown = true;
        readiness.wakeup();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        if (Thread.currentThread() == thread) {
            return false; // called from a callback on this thread: it ends after the callback
        }
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable t) {
            LOG.error("{} failed; ending its pending closes", thread.getName(), t);
            shuttingDown = true;
            failEverything(t);
        } finally {
            try {
                readiness.close(); // deregisters what is left, so the JDK releases every fd
            } catch (IOException e) {
                LOG.warn("{}: closing its readiness failed", thread.getName(), e);
            }
        }
    }

    private void loop() throws IOException {
        while (true) {
            wakeupPending.set(false); // before polling the queue: a later submit wakes the next select
            long now = System.nanoTime();
            if (shuttingDown && !forced && now - shutdownDeadline >= 0) {
                forced = true;
            }
            PendingClose p;
            for (int i = 0; i < START_BATCH && (p = submitted.poll()) != null; i++) {
                tryStart(p, now);
            }
            if (forced) {
                for (PendingClose q; (q = submitted.poll()) != null; ) {
                    tryStart(q, now);
                }
                endAll();
            }
            if (shuttingDown && assigned.get() == 0) {
                return;
            }
            // More to start or to end: do not wait.
            boolean idle = submitted.isEmpty() && ending.isEmpty();
            readiness.select(drainReady, idle ? timeoutMillis(System.nanoTime()) : -1);
            clearInterrupt();
            expire(System.nanoTime());
            endBatch();
        }
    }

    /**
     * An interrupt of this thread (by a callback run here, or by anyone) would make the next
     * select return at once for ever; it stops nothing (close the {@link LingeringCloser} to stop it).
     */
    private void clearInterrupt() {
        if (Thread.interrupted()) {
            LOG.warn("{} was interrupted; ignored (close the LingeringCloser to stop it)", thread.getName());
        }
    }

    private long timeoutMillis(long now) {
        PendingClose first = timers.peek();
        boolean any = first != null;
        long next = any ? first.deadline : 0;
        if (shuttingDown && !forced && (!any || shutdownDeadline - next < 0)) {
            next = shutdownDeadline;
            any = true;
        }
        if (!any) {
            return 0; // no deadline: until a submit or shutdown wakes the readiness
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now + 999_999));
    }

    // ---- starting ---------------------------------------------------------------------------

    /**
     * Starts {@code p}, unless the caller's selector still holds its (cancelled) key: then it
     * polls, with a backoff, for up to the idle timeout (see {@link LingeringCloser#submit}).
     */
    private void tryStart(PendingClose p, long now) {
        if (!p.target.isOpen()) {
            timers.remove(p);
            fail(p, new ClosedChannelException());
            return;
        }
        if (!forced && p.target.isRegistered()) {
            long waited = now - p.startNanos;
            if (waited < idleNanos) {
                long pause = Math.max(MIN_HANDOVER_POLL_NANOS, Math.min(MAX_HANDOVER_POLL_NANOS, waited / 2));
                if (p.heapIndex < 0) {
                    timers.add(p, now + pause);
                } else {
                    timers.update(p, now + pause);
                }
                return;
            }
            LOG.warn("{} is still registered with another selector after {} ms; lingering anyway. Its fd is"
                    + " released when that selector next selects or is closed", p.target,
                    TimeUnit.NANOSECONDS.toMillis(waited));
        }
        timers.remove(p);
        begin(p);
    }

    /** The first look at the queues, {@code shutdown(SHUT_WR)}, then the drain is armed. */
    private void begin(PendingClose p) {
        CloseLook look;
        try {
            look = CloseSteps.firstLook(p.target, QueueLook.LINGER_ALWAYS);
        } catch (IOException e) {
            fail(p, e);
            return;
        }
        long start = System.nanoTime();
        p.start(look == null ? null : look.queues(), start);
        IOException failure = CloseSteps.halfClose(p.target, look == null ? null : look.linger());
        if (failure != null) {
            end(p, DrainEnd.ERROR, failure);
            return;
        }
        if (forced) {
            end(p, DrainEnd.SHUTDOWN, null);
            return;
        }
        try {
            readiness.add(p);
        } catch (IOException e) {
            end(p, DrainEnd.ERROR, e);
            return;
        }
        timers.add(p, start + idleNanos); // idle <= total, validated by DrainPolicy
    }

    // ---- draining -----------------------------------------------------------------------------

    private void onReady(PendingClose p) {
        if (p.end == null) {
            drain(p);
        }
    }

    /**
     * Discards what is queued, at most {@link #READS_PER_EVENT} reads; ends {@code p} at the
     * peer's FIN, reset, an error or the byte cap.
     */
    private void drain(PendingClose p) {
        FdSocket socket = p.target.fdSocket();
        try {
            for (int i = 0; i < READS_PER_EVENT; i++) {
                int length = (int) Math.min(readSize, maxDrainBytes - p.drained);
                int n = socket != null ? socket.discardInput(length) : readThroughJdk(p, length);
                if (n < 0) {
                    return; // nothing queued
                }
                if (n == 0) {
                    endOfStream(p);
                    return;
                }
                p.drained += n;
                p.lastReadNanos = System.nanoTime();
                if (CloseEngine.afterRead(p.drained, maxDrainBytes, true) != null) {
                    end(p, DrainEnd.BYTE_CAP, null);
                    return;
                }
            }
        } catch (IOException e) {
            IOException failure = p.inputShutDown() ? CloseEngine.afterInputShutdown(e) : e;
            end(p, CloseEngine.endOf(failure), failure);
        }
    }

    /**
     * Without native access the JDK reads, copying into the worker's buffer; the result as
     * {@link FdSocket#discardInput}'s: -1 when nothing is queued, 0 at the end of stream.
     */
    private int readThroughJdk(PendingClose p, int length) throws IOException {
        if (jdkBuffer == null) {
            jdkBuffer = ByteBuffer.allocateDirect(readSize);
        }
        int n = p.channel.read(jdkBuffer.clear().limit(length));
        return n == 0 ? -1 : Math.max(n, 0);
    }

    /** A read returned 0: the peer's FIN, or an empty queue after {@code shutdownInput()}. */
    private void endOfStream(PendingClose p) throws IOException {
        if (!p.target.hasNative()) {
            // The JDK's end of stream is the peer's FIN, unless shutdownInput() made the JDK blind.
            boolean blind = p.target.isInputShutdown();
            end(p, blind ? DrainEnd.ERROR : DrainEnd.PEER_EOF, blind ? Close.blindAfterShutdownInput() : null);
        } else if (CloseEngine.finArrived(p.target.fdSocket(), p.inputShutDown())) {
            end(p, DrainEnd.PEER_EOF, null);
        } else if (!p.inputShut) {
            p.inputShut = true;
            readiness.remove(p); // readable for ever now: poll by timer instead
            long poll = System.nanoTime() + CloseEngine.SHUT_INPUT_POLL_NANOS;
            if (p.heapIndex >= 0 && poll - p.deadline < 0) {
                timers.update(p, poll);
            }
        }
    }

    /**
     * Ends the closes whose deadline passed, each after one more read: a close that read
     * meanwhile, or whose input is shut down and polled, gets its next deadline.
     */
    private void expire(long now) {
        for (PendingClose p; (p = timers.peek()) != null && p.deadline - now <= 0; ) {
            if (!p.started) {
                tryStart(p, now);
                continue;
            }
            drain(p);
            if (p.end != null) {
                continue; // ended by that read (EOF, reset, byte cap): no longer in the heap
            }
            long total = p.startNanos + totalNanos;
            long idle = p.lastReadNanos + idleNanos;
            long due = idle - total < 0 ? idle : total;
            if (due - now > 0) {
                if (p.inputShut && now + CloseEngine.SHUT_INPUT_POLL_NANOS - due < 0) {
                    due = now + CloseEngine.SHUT_INPUT_POLL_NANOS;
                }
                timers.update(p, due);
            } else {
                end(p, total - now <= 0 ? DrainEnd.TOTAL_TIMEOUT : DrainEnd.IDLE_TIMEOUT, null);
            }
        }
    }

    private void endAll() {
        for (PendingClose p; (p = timers.peek()) != null; ) {
            if (p.started) {
                end(p, DrainEnd.SHUTDOWN, null);
            } else {
                tryStart(p, System.nanoTime());
            }
        }
    }

    // ---- ending -------------------------------------------------------------------------------

    private void end(PendingClose p, DrainEnd end, IOException failure) {
        p.end = end;
        p.failure = failure;
        timers.remove(p);
        readiness.remove(p);
        ending.add(p);
    }

    /**
     * Flushes the readiness (drains what became readable meanwhile: closes that ends wait for the
     * next batch); then each final close closes its fd at once.
     */
    private void endBatch() throws IOException {
        if (ending.isEmpty()) {
            return;
        }
        ArrayList<PendingClose> batch = ending;
        ending = finishing;
        finishing = batch;
        readiness.flush(drainReady);
        clearInterrupt();
        for (PendingClose p : batch) {
            CloseReport report;
            try {
                report = CloseSteps.finish(owner.options().integration(), p.target, CloseStrategy.LINGERING_ASYNC,
                        p.atStart(), p.startNanos, p.end, p.drained, p.failure);
            } catch (RuntimeException e) {
                CloseSteps.closeAfter(p.target, e);
                fail(p, new IOException("the final close failed", e));
                continue;
            }
            assigned.decrementAndGet();
            owner.completed(p, report);
            clearInterrupt(); // the future's callbacks ran here
        }
        batch.clear();
        if (timers.size() == 0) {
            batch.trimToSize(); // a burst of 10,000 ends leaves no large array behind
            ending.trimToSize();
        }
    }

    /** The future completes exceptionally: the close never started, or the first look failed. */
    private void fail(PendingClose p, Throwable failure) {
        assigned.decrementAndGet();
        owner.failed(p, failure);
    }

    /** After an unexpected error: close every channel (the readiness's close releases the fds) and fail every future. */
    private void failEverything(Throwable cause) {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERMINATION_SPIN_MILLIS);
        // Bounded: a submit that counted itself before seeing shuttingDown enqueues within moments.
        while (true) {
            ArrayList<PendingClose> all = new ArrayList<>(ending);
            ending.clear();
            all.addAll(finishing);
            finishing.clear();
            while (timers.size() > 0) {
                PendingClose p = timers.peek();
                timers.remove(p);
                all.add(p);
            }
            for (PendingClose p; (p = submitted.poll()) != null; ) {
                all.add(p);
            }
            for (PendingClose p : all) {
                IOException failure = new IOException(thread.getName() + " failed", cause);
                CloseSteps.closeAfter(p.target, failure);
                fail(p, failure);
            }
            if (assigned.get() <= 0 || System.nanoTime() - giveUp > 0) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
