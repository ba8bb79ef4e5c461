package io.github.sockopt4j.bench;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.testkit.Crowd;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link LingeringCloser} at scale: {@code pending} loopback connections (a 4 KiB response
 * written, 1 KiB of request unread) handed to one closer thread at once; 19,000 is the largest
 * burst that fits under this machine's hard {@code RLIMIT_NOFILE} of 20,000 per process.
 *
 * <ul>
 *   <li>{@code closeAll}: one shot = all {@code pending} closes, from the first submit until every
 *       future completed; each peer reads its response, sees our FIN and closes, so each close
 *       ends at the peer's EOF. Its {@code closesPerSecond} counter is {@code pending} over that time.</li>
 *   <li>{@code jdkCloseAll}: the route without lingering, measured the same way: the JDK's
 *       {@code close()} of each channel in the calling thread (a plain close: RST, since the
 *       request is unread). {@code closeAll} over it is what lingering costs.</li>
 *   <li>{@code heldPending}: the same connections, but the peers keep them open after our FIN, so
 *       every close stays pending; the {@code heapBytesPerPendingClose} counter is the heap they
 *       retain (used heap after a full GC, with them pending minus before they were submitted,
 *       divided by {@code pending}): the closer's state, the JDK's selector registration and the
 *       in-progress claim.</li>
 * </ul>
 *
 * <p>The peers ({@code Crowd}, {@code PeerCrowd}, from the test kit) run in a child JVM: two ends of
 * 10,000 connections do not fit under a hard {@code RLIMIT_NOFILE} of 20,000. Both processes share
 * the machine, so closes/s is for the pair of them. Connections are made outside the measurement
 * ({@code Level.Iteration}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(2)
public class LingeringCloserBenchmark {
    private static final int REQUEST = 1024;
    private static final int RESPONSE = 4096;
    /** Long enough that no drain ends before the peer's EOF, nor a held one during the measurement. */
    private static final DrainPolicy POLICY = new DrainPolicy(Duration.ofSeconds(60), Duration.ofSeconds(120),
            Long.MAX_VALUE, 32 * 1024);

    @Param({"1000", "10000", "19000"})
    public int pending;

    /** For the heap counter, the mean of the iterations as {@link ClosesPerSecond} does. */
    private int iterations;
    private Crowd crowd;
    private LingeringCloser closer;
    private List<CompletableFuture<CloseReport>> futures;

    /** Heap retained per pending close, from {@code heldPending}, the mean of the iterations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        public long heapBytesPerPendingClose;
    }

    @Setup(Level.Iteration)
    public void connect(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
        boolean hold = params.getBenchmark().endsWith("heldPending");
        iterations = ClosesPerSecond.measuredIterations(params);
        crowd = Crowd.start(pending, REQUEST, RESPONSE, hold, c -> NativeSocket.of(c).unreadBytes());
        closer = LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(POLICY).withShutdownGrace(Duration.ZERO)
                .withThreadName("bench-closer"));
        futures = new ArrayList<>(pending);
    }

    @TearDown(Level.Iteration)
    public void check() throws Exception {
        try {
            closer.close(Duration.ZERO); // ends the held closes (SHUTDOWN); every future is complete
            for (CompletableFuture<CloseReport> f : futures) {
                DrainEnd end = f.getNow(null).drainEnd();
                if (end != DrainEnd.PEER_EOF && end != DrainEnd.SHUTDOWN) {
                    throw new IllegalStateException("a close ended " + f.get());
                }
            }
        } finally {
            crowd.close();
        }
    }

    private void submitAll() throws Exception {
        for (SocketChannel c : crowd.channels()) {
            futures.add(closer.submit(c));
        }
    }

    @Benchmark
    public void closeAll(ClosesPerSecond counter) throws Exception {
        long start = System.nanoTime();
        submitAll();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        counter.record(pending, start);
    }

    @Benchmark
    public void jdkCloseAll(ClosesPerSecond counter) throws Exception {
        long start = System.nanoTime();
        for (SocketChannel c : crowd.channels()) {
            c.close();
        }
        counter.record(pending, start);
    }

    @Benchmark
    public long heldPending(Heap heap) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        submitAll();
        Map<String, Long> peers = crowd.result(Duration.ofSeconds(60)); // every peer saw our FIN: all started
        if (peers.get("eof") != pending || closer.pending() != pending) {
            throw new IllegalStateException("not all pending: " + peers + ", " + closer);
        }
        long after = usedAfterGc(memory);
        heap.heapBytesPerPendingClose = (after - before) / pending / iterations;
        return after;
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200); // lets the JNA cleaner thread drop the freed native buffers' entries
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
