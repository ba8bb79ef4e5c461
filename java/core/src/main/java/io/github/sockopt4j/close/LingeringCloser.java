package io.github.sockopt4j.close;


import io.github.sockopt4j.Linger;
import io.github.sockopt4j.internal.OwnedFd;
import io.github.sockopt4j.internal.OwnedFdHandOver;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lingering close of {@link Close#lingering}, for servers with many connections: one
 * selector thread (or a few) drains thousands of closing connections at once, instead of a
 * thread per close parked for up to 30 s. What nginx and httpd's event MPM do in their event
 * loops.
 *
 * <pre>{@code
 * LingeringCloser closer = LingeringCloser.start(LingeringCloserOptions.DEFAULT);
 * // in the event loop, after the last write (an early 413, a TLS alert, "Connection: close"):
 * key.cancel();
 * closer.submit(channel).thenAccept(report -> log.debug("{}", report));
 * }</pre>
 *
 * <p><b>Per close</b> it does what {@link Close#lingering} does, with the same report: the first
 * look at the queues, {@code SO_LINGER} off if positive, {@code shutdown(SHUT_WR)} (our FIN
 * after everything written), then read and discard until the peer's EOF, the idle or total
 * timeout of the {@link DrainPolicy}, or its byte cap, then the JDK's {@code close()}. Like
 * every {@code Close} strategy it sees only the kernel's queues: flush your own buffers (a TLS
 * engine's {@code close_notify}, a pending write) before you submit.
 *
 * <p><b>Cost</b>: all deadlines of a thread live in one heap (no timer task per close), the
 * drain discards in the kernel without copying ({@code recv(MSG_TRUNC)},
 * at most {@code policy.bufferSize()} bytes per read), readiness comes from an epoll instance of
 * the thread's own (a JDK selector without native access), and a pending close keeps one small
 * record and one view of its fd; the heap it keeps, readiness registration included, and
 * the closes per second of a burst are measured by LingeringCloserBenchmark
 * ({@code heapBytesPerPendingClose}, {@code closesPerSecond}; see docs/lingering-closer.md).
 *
 * <p><b>Limits</b>: at most {@link LingeringCloserOptions#maxPending()} closes pending; beyond,
 * {@link OverflowPolicy} decides. {@link #close()} lets pending closes finish for the grace
 * period, then ends the rest ({@link DrainEnd#SHUTDOWN}): every future completes and every
 * channel is closed (see {@link #close(Duration)} for the one case where the JDK closes the fd
 * later). The threads are daemon threads: a JVM that exits does not wait for them.
 *
 * <p><b>Threads of callbacks</b>: futures complete on the closer's thread, so non-async
 * dependent actions ({@code thenAccept}) run there; keep them short or use the {@code ...Async}
 * variants.
 *
 * <p>Observability: {@link #pending()}, {@link #stats()}; one SLF4J debug line per close (logger
 * {@code io.github.sockopt4j.Close}, like the blocking strategies), nothing per byte.
 */
public final class LingeringCloser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LingeringCloser.class);
    /** How long {@link #close} waits for the threads beyond the grace period before it gives up waiting. */
    private static final long TERMINATION_MARGIN_MILLIS = 30_000;
    /** The closers started and not closed, for metrics ({@link #running()}). */
    private static final Set<LingeringCloser> RUNNING = new CopyOnWriteArraySet<>();

    private final LingeringCloserOptions options;
    private final CloserWorker[] workers;
    private final boolean shared;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLongArray completed = new AtomicLongArray(DrainEnd.values().length);
    private final AtomicLong overflowAborted = new AtomicLong();
    private final AtomicLong overflowPlain = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytesDrained = new AtomicLong();
    private volatile boolean closed;

    private LingeringCloser(LingeringCloserOptions options, boolean shared) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        this.shared = shared;
        this.workers = new CloserWorker[options.threads()];
        try {
            for (int i = 0; i < workers.length; i++) {
                String name = workers.length == 1 ? options.threadName() : options.threadName() + "-" + (i + 1);
                workers[i] = new CloserWorker(this, options.policy(), name);
            }
        } catch (IOException e) {
            for (CloserWorker w : workers) {
                if (w != null) {
                    w.shutdown(System.nanoTime());
                    w.start(); // ends at once and closes its selector
                }
            }
            throw e;
        }
        for (CloserWorker w : workers) {
            w.start();
        }
        RUNNING.add(this);
    }

    /**
     * The closers of this JVM started and not yet closed (the {@link #shared()} one once used): how
     * a metrics binder sees the closers the server modules start and stop with their server.
     */
    public static List<LingeringCloser> running() {
        return List.copyOf(RUNNING);
    }

    /** Starts a closer with {@link LingeringCloserOptions#DEFAULT}. */
    public static LingeringCloser start() throws IOException {
        return start(LingeringCloserOptions.DEFAULT);
    }

    /** Starts a closer: its threads run until {@link #close()}. */
    public static LingeringCloser start(LingeringCloserOptions options) throws IOException {
        return new LingeringCloser(options, false);
    }

    private static final class Shared {
        static final LingeringCloser INSTANCE = startShared();

        private static LingeringCloser startShared() {
            try {
                return new LingeringCloser(LingeringCloserOptions.DEFAULT, true);
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the shared LingeringCloser's selector", e);
            }
        }
    }

    /**
     * The closer behind {@link Close#lingeringAsync}: {@link LingeringCloserOptions#DEFAULT}, one
     * daemon thread started at first use, never closed ({@link #close()} does nothing,
     * {@link #close(Duration)} throws).
     */
    public static LingeringCloser shared() {
        return Shared.INSTANCE;
    }

    /**
     * Takes over {@code channel} and closes it the lingering way; returns at once.
     *
     * <p><b>Hand-over.</b> From this call on the closer owns the channel: do not read, write or
     * close it. A blocking channel is made non-blocking here, in the calling thread. A channel
     * registered with your own selector: {@link java.nio.channels.SelectionKey#cancel cancel} its
     * key first, and keep your loop selecting (or close that selector): the JDK deregisters a
     * cancelled key only at that selector's next select, and until then the channel cannot be
     * closed. The closer waits for that deregistration, polling for up to the policy's idle
     * timeout, before it starts; after that it goes on anyway (logged as a warning) and the JDK
     * releases the fd when your selector next selects.
     *
     * @return completes with the {@link CloseReport} (strategy {@link CloseStrategy#LINGERING_ASYNC},
     *         or the {@code ABORTIVE}/{@code PLAIN} report of an overflow); completes
     *         exceptionally with {@link ClosedChannelException} if the channel is closed by someone
     *         else before the closer starts, or with the {@code IOException} of a failed first look
     *         at the queues (the channel is closed then)
     * @throws ClosedChannelException if the channel is already closed, or
     *         {@link CloseInProgressException} if it is being closed already (by this closer or a
     *         {@link Close} strategy); nothing done
     * @throws RejectedExecutionException with {@link OverflowPolicy#REJECT} beyond
     *         {@code maxPending}, or after {@link #close()}; the channel is as it was (a blocking
     *         channel made non-blocking is made blocking again)
     * @throws IOException if making a blocking channel non-blocking failed (nothing else done), or
     *         from the overflow's {@link Close#plain}/{@link Close#abortive}
     * @throws UnsupportedOperationException for a channel of another {@code SelectorProvider}
     *         than the JDK's, whose fd sockopt4j cannot reach: closed with its own
     *         {@code close()} first
     */
    public CompletableFuture<CloseReport> submit(SocketChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (closed) {
            throw reject(channel, "the closer is closed");
        }
        CloseTarget target = CloseTarget.of(channel); // its one fd view serves the whole close
        CloserWorker worker = workers[Math.floorMod(next.getAndIncrement(), workers.length)];
        CloseSteps.claim(channel, worker.thread());
        boolean handedOver = false;
        boolean madeNonBlocking = false;
        try {
            if (pending.incrementAndGet() > options.maxPending()) {
                pending.decrementAndGet();
                CloseSteps.release(channel);
                handedOver = true; // the overflow's Close strategy claims it itself
                return overflow(channel);
            }
            if (channel.isBlocking()) {
                channel.configureBlocking(false);
                madeNonBlocking = true;
            }
            PendingClose p = new PendingClose(target, channel, System.nanoTime());
            if (!worker.enqueue(p)) {
                // closed meanwhile: give the channel back as it came
                if (madeNonBlocking) {
                    channel.configureBlocking(true);
                }
                throw reject(channel, "the closer is closed");
            }
            handedOver = true;
            return p.future;
        } finally {
            if (!handedOver) {
                pending.decrementAndGet();
                CloseSteps.release(channel);
            }
        }
    }

    static {
        OwnedFdHandOver.install((closer, fd) -> ((LingeringCloser) closer).submitOwned(fd));
    }

    /**
     * {@link #submit(SocketChannel)} for a descriptor sockopt4j owns (the agent's duplicate of a JDK
     * socket the JDK is closing): the same lingering close, from the first look to the native
     * {@code close}. Beyond {@code maxPending} the {@link OverflowPolicy} applies to the duplicate
     * ({@code ABORT}: {@code SO_LINGER {1, 0}}, then close; {@code CLOSE_PLAIN}: close).
     *
     * @throws RejectedExecutionException with {@code REJECT} beyond {@code maxPending}, or after
     *     {@link #close()}: the descriptor is as it was, still the caller's to close
     */
    private CompletableFuture<CloseReport> submitOwned(OwnedFd fd) throws IOException {
        Objects.requireNonNull(fd, "fd");
        if (closed) {
            throw rejectOwned(fd, "the closer is closed");
        }
        OwnedFdTarget target = new OwnedFdTarget(fd);
        CloserWorker worker = workers[Math.floorMod(next.getAndIncrement(), workers.length)];
        CloseSteps.claim(fd, worker.thread());
        boolean handedOver = false;
        try {
            if (pending.incrementAndGet() > options.maxPending()) {
                pending.decrementAndGet();
                CloseSteps.release(fd);
                handedOver = true; // nothing pending for the finally to undo
                return overflowOwned(target);
            }
            PendingClose p = new PendingClose(target, null, System.nanoTime());
            if (!worker.enqueue(p)) {
                throw rejectOwned(fd, "the closer is closed");
            }
            handedOver = true;
            return p.future;
        } finally {
            if (!handedOver) {
                pending.decrementAndGet();
                CloseSteps.release(fd);
            }
        }
    }

    private CompletableFuture<CloseReport> overflowOwned(OwnedFdTarget target) {
        OverflowPolicy policy = options.overflow();
        if (policy == OverflowPolicy.REJECT) {
            throw rejectOwned(target, options.maxPending() + " closes are pending (maxPending)");
        }
        boolean abort = policy == OverflowPolicy.ABORT;
        (abort ? overflowAborted : overflowPlain).incrementAndGet();
        IOException failure = null;
        if (abort) {
            try {
                target.setLinger(Linger.abortive());
            } catch (IOException e) {
                failure = e;
            }
        }
        return CompletableFuture.completedFuture(CloseSteps.finish(options.integration(), target,
                abort ? CloseStrategy.ABORTIVE : CloseStrategy.PLAIN, null, System.nanoTime(),
                DrainEnd.NOT_APPLICABLE, 0, failure));
    }

    private RejectedExecutionException rejectOwned(Object fd, String why) {
        rejected.incrementAndGet();
        return new RejectedExecutionException(why + "; " + fd + " is still the caller's to close");
    }

    private CompletableFuture<CloseReport> overflow(SocketChannel channel) throws IOException {
        switch (options.overflow()) {
            case ABORT:
                overflowAborted.incrementAndGet();
                return CompletableFuture.completedFuture(Close.abortive(options.integration(), channel));
            case CLOSE_PLAIN:
                overflowPlain.incrementAndGet();
                return CompletableFuture.completedFuture(Close.plain(options.integration(), channel));
            default:
                throw reject(channel, options.maxPending() + " closes are pending (maxPending)");
        }
    }

    private RejectedExecutionException reject(SocketChannel channel, String why) {
        rejected.incrementAndGet();
        return new RejectedExecutionException(why + "; " + channel + " is as it was and still yours to close");
    }

    /** Closes submitted and not yet complete. */
    public int pending() {
        return pending.get();
    }

    /** The counters now. */
    public LingeringCloserStats stats() {
        Map<DrainEnd, Long> byEnd = new EnumMap<>(DrainEnd.class);
        for (DrainEnd end : DrainEnd.values()) {
            long n = completed.get(end.ordinal());
            if (n > 0) {
                byEnd.put(end, n);
            }
        }
        return new LingeringCloserStats(pending.get(), byEnd, overflowAborted.get(), overflowPlain.get(),
                rejected.get(), failed.get(), bytesDrained.get());
    }

    /** The options this closer was started with. */
    public LingeringCloserOptions options() {
        return options;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * {@link #close(Duration)} with {@link LingeringCloserOptions#shutdownGrace()}; does nothing
     * on the {@link #shared()} closer, which lives as long as the JVM (so that a
     * try-with-resources over it is harmless).
     */
    @Override
    public void close() {
        if (!shared) {
            close(options.shutdownGrace());
        }
    }

    /**
     * Refuses new submissions, lets pending closes go on for {@code grace}, then ends those left
     * ({@link DrainEnd#SHUTDOWN}: the final close a timeout makes), and waits for the threads to
     * end: every future is complete and every channel closed when it returns. Every fd too, except
     * in one case: a channel handed over while another selector still held it (its key cancelled and
     * that selector not selecting since) has its fd closed by the JDK only at that selector's
     * next select or close; its report says so ({@link FinalSignal#UNKNOWN} and a failure). An
     * interrupt stops the waiting (the interrupt status is kept), not the shutdown. A second
     * call waits again.
     *
     * @param grace from 0 to {@link DrainPolicy#MAX_TIMEOUT}
     * @throws IllegalStateException on the {@link #shared()} closer
     */
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.compareTo(DrainPolicy.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("LingeringCloser.close grace = " + grace
                    + " is out of range: [PT0S, DrainPolicy.MAX_TIMEOUT = " + DrainPolicy.MAX_TIMEOUT + "]");
        }
        if (shared) {
            throw new IllegalStateException("the shared LingeringCloser of Close.lingeringAsync cannot be closed");
        }
        long deadline = System.nanoTime() + grace.toNanos();
        closed = true;
        RUNNING.remove(this);
        for (CloserWorker w : workers) {
            w.shutdown(deadline);
        }
        long waitMillis = grace.toMillis() + TERMINATION_MARGIN_MILLIS;
        try {
            for (CloserWorker w : workers) {
                long left = waitMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deadline + grace.toNanos());
                if (!w.awaitTermination(left) && Thread.currentThread() != w.thread()) {
                    LOG.error("{} did not end within {} ms of close()", w.thread().getName(), waitMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- called by the threads ------------------------------------------------------------------

    void completed(PendingClose p, CloseReport report) {
        completed.incrementAndGet(report.drainEnd().ordinal());
        bytesDrained.addAndGet(report.bytesDrained());
        pending.decrementAndGet();
        CloseSteps.release(p.target.jdkObject());
        p.future.complete(report);
    }

    void failed(PendingClose p, Throwable failure) {
        failed.incrementAndGet();
        pending.decrementAndGet();
        CloseSteps.release(p.target.jdkObject());
        p.future.completeExceptionally(failure);
    }

    @Override
    public String toString() {
        return "LingeringCloser[" + workers.length + " thread(s), pending=" + pending.get() + (closed ? ", closed]" : "]");
    }
}
