package io.github.sockopt4j.close;

import io.github.sockopt4j.testkit.Await;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One closer, a few loopback connections: each way a close can end, the hand-over, the limits. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LingeringCloserTest {
    private static final DrainPolicy LONG = DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(20));

    private static LingeringCloser start(DrainPolicy policy) throws IOException {
        return LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(policy).withThreadName("test-closer"));
    }

    private static CloseReport await(CompletableFuture<CloseReport> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void earlyResponseReachesThePeerWholeAndTheDrainEndsAtItsEof() throws Exception {
        try (LingeringCloser closer = start(DrainPolicy.DEFAULT); LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            EarlyResponse.setUp(p); // 63 KiB unread at X, ~4 MiB queued: a plain close would RST
            CompletableFuture<CloseReport> f = closer.submit(p.xChannel);
            PeerRead read = PeerRead.readAll(p.y, 10_000);
            p.y.close(); // the peer's EOF ends the drain
            CloseReport report = await(f);

            EarlyResponse.assertReceivedWhole(read);
            assertEquals(CloseStrategy.LINGERING_ASYNC, report.strategy(), report.toString());
            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertEquals(EarlyResponse.UNREAD, report.atStart().orElseThrow().unread(), report.toString());
            assertEquals(EarlyResponse.UNREAD, report.bytesDrained(), report.toString());
            assertFalse(p.xChannel.isOpen());
            LingeringCloserStats stats = closer.stats();
            assertEquals(1, stats.completed(DrainEnd.PEER_EOF), stats.toString());
            assertEquals(EarlyResponse.UNREAD, stats.bytesDrained(), stats.toString());
            assertEquals(0, stats.pending(), stats.toString());
        }
    }

    @Test
    void silentPeerEndsAtTheIdleTimeout() throws Exception {
        try (LingeringCloser closer = start(DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofMillis(300)));
             LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CloseReport report = await(closer.submit(p.xChannel));

            assertEquals(DrainEnd.IDLE_TIMEOUT, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            long millis = report.elapsed().toMillis();
            assertTrue(millis >= 300 && millis < 3_000, report.toString());
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end());
        }
    }

    @Test
    void tricklingPeerEndsAtTheTotalTimeoutNotEarlier() throws Exception {
        DrainPolicy policy = new DrainPolicy(Duration.ofMillis(500), Duration.ofMillis(1_500), Long.MAX_VALUE, 512);
        try (LingeringCloser closer = start(policy); LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            // One byte every 100 ms never lets the 500 ms idle timer fire; only the 1.5 s total does.
            CompletableFuture<Long> trickle = Background.run("trickle", () -> CloseDrainLimitsTest.writeUntilFailure(p.y.getOutputStream(), 1, 60, 100));
            CloseReport report = await(closer.submit(p.xChannel));

            assertEquals(DrainEnd.TOTAL_TIMEOUT, report.drainEnd(), report.toString());
            long millis = report.elapsed().toMillis();
            assertTrue(millis >= 1_500 && millis < 3_000, report.toString());
            assertTrue(report.bytesDrained() >= 5 && report.bytesDrained() <= 16, report.toString());
            p.y.close();
            trickle.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void endlessPeerEndsAtTheByteCap() throws Exception {
        long cap = 256 * 1024;
        try (LingeringCloser closer = start(LONG.withMaxDrainBytes(cap)); LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CompletableFuture<Long> stream = Background.run("stream", () -> CloseDrainLimitsTest.writeUntilFailure(p.y.getOutputStream(), 16 * 1024, 1_000, 0));
            CloseReport report = await(closer.submit(p.xChannel));

            assertEquals(DrainEnd.BYTE_CAP, report.drainEnd(), report.toString());
            assertEquals(cap, report.bytesDrained(), report.toString());
            p.y.close();
            stream.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void peerResetEndsTheDrainWithPeerReset() throws Exception {
        try (LingeringCloser closer = start(LONG); LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CompletableFuture<CloseReport> f = closer.submit(p.xChannel);
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end()); // our FIN: the drain runs
            p.y.setSoLinger(true, 0);
            p.y.close(); // RST
            CloseReport report = await(f);

            assertEquals(DrainEnd.PEER_RESET, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.NONE, report.finalSignal(), report.toString());
            assertTrue(report.failure().isPresent(), report.toString());
        }
    }

    @Test
    void overflowAbortsWithAReport() throws Exception {
        try (Overflow o = Overflow.of(OverflowPolicy.ABORT)) {
            CompletableFuture<CloseReport> f = o.closer.submit(o.third.xChannel);
            assertTrue(f.isDone());
            CloseReport report = f.get();
            assertEquals(CloseStrategy.ABORTIVE, report.strategy(), report.toString());
            assertEquals(FinalSignal.RST, report.finalSignal(), report.toString());
            assertEquals(PeerRead.End.RESET, PeerRead.readAll(o.third.y, 5_000).end());
            assertEquals(1, o.closer.stats().overflowAborted());
            assertEquals(2, o.closer.pending());
        }
    }

    @Test
    void overflowClosesPlainWithAReport() throws Exception {
        try (Overflow o = Overflow.of(OverflowPolicy.CLOSE_PLAIN)) {
            CompletableFuture<CloseReport> f = o.closer.submit(o.third.xChannel);
            assertTrue(f.isDone());
            CloseReport report = f.get();
            assertEquals(CloseStrategy.PLAIN, report.strategy(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(o.third.y, 5_000).end());
            assertEquals(1, o.closer.stats().overflowPlain());
        }
    }

    @Test
    void overflowRejectsAndLeavesTheChannelAlone() throws Exception {
        try (Overflow o = Overflow.of(OverflowPolicy.REJECT)) {
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> o.closer.submit(o.third.xChannel));
            assertTrue(e.getMessage().contains("maxPending"), e.getMessage());
            assertTrue(o.third.xChannel.isOpen() && o.third.xChannel.isBlocking());
            assertEquals(1, o.closer.stats().rejected());
            assertEquals(2, o.closer.pending());
            // still the caller's: a Close strategy can take it (no claim left behind)
            assertEquals(CloseStrategy.PLAIN, Close.plain(o.third.xChannel).strategy());
        }
    }

    /** Two silent peers fill a closer with maxPending 2; a third connection overflows. */
    private static final class Overflow implements AutoCloseable {
        final LingeringCloser closer;
        final List<LoopbackPair> pairs = new ArrayList<>();
        final LoopbackPair third;

        private Overflow(OverflowPolicy policy) throws Exception {
            closer = LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(LONG).withMaxPending(2)
                    .withOverflow(policy).withShutdownGrace(Duration.ZERO));
            for (int i = 0; i < 3; i++) {
                pairs.add(LoopbackPair.open(LoopbackPair.Kind.CHANNEL));
            }
            closer.submit(pairs.get(0).xChannel);
            closer.submit(pairs.get(1).xChannel);
            third = pairs.get(2);
        }

        static Overflow of(OverflowPolicy policy) throws Exception {
            return new Overflow(policy);
        }

        @Override
        public void close() throws IOException {
            closer.close();
            for (LoopbackPair p : pairs) {
                p.close();
            }
        }
    }

    @Test
    void closeEndsPendingClosesAfterTheGraceCompletesEveryFutureAndLeaksNoFd() throws Exception {
        Fds.warmUp();
        long fdsBefore = Fds.count();
        LingeringCloser closer = start(LONG);
        List<LoopbackPair> pairs = new ArrayList<>();
        List<CompletableFuture<CloseReport>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                pairs.add(LoopbackPair.open(LoopbackPair.Kind.CHANNEL));
                futures.add(closer.submit(pairs.get(i).xChannel));
            }
            for (int i = 0; i < 10; i++) { // half the peers close within the grace: PEER_EOF
                assertEquals(PeerRead.End.EOF, PeerRead.readAll(pairs.get(i).y, 5_000).end());
                pairs.get(i).y.close();
            }
            Await.until("the ten closing peers' closes complete", Duration.ofSeconds(10),
                    () -> closer.stats().completed(DrainEnd.PEER_EOF) == 10);
            long start = System.nanoTime();
            closer.close(Duration.ofMillis(300));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(millis >= 250 && millis < 5_000, "close took " + millis + " ms");
            for (int i = 0; i < 20; i++) {
                CompletableFuture<CloseReport> f = futures.get(i);
                assertTrue(f.isDone(), "future " + i);
                assertEquals(i < 10 ? DrainEnd.PEER_EOF : DrainEnd.SHUTDOWN, f.get().drainEnd(), f.get().toString());
                assertFalse(pairs.get(i).xChannel.isOpen());
            }
            assertEquals(0, closer.pending());
            assertEquals(10, closer.stats().completed(DrainEnd.SHUTDOWN));
            pairs.add(LoopbackPair.open(LoopbackPair.Kind.CHANNEL));
            assertThrows(RejectedExecutionException.class, () -> closer.submit(pairs.get(20).xChannel));
        } finally {
            closer.close(Duration.ZERO);
            for (LoopbackPair p : pairs) {
                p.close();
            }
        }
        Await.until("the fd count back to " + fdsBefore + " (now " + Fds.list() + ")", Duration.ofSeconds(5),
                () -> Fds.count() <= fdsBefore);
    }

    @Test
    void handOverFromAnotherSelectorWaitsForItsCancelledKeyToBeFlushed() throws Exception {
        try (LingeringCloser closer = start(LONG); LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL);
             Selector mine = Selector.open()) {
            p.xChannel.configureBlocking(false);
            SelectionKey key = p.xChannel.register(mine, SelectionKey.OP_READ);
            key.cancel(); // the hand-over: cancel, submit, keep selecting
            CompletableFuture<CloseReport> f = closer.submit(p.xChannel);
            p.y.setSoTimeout(200);
            assertEquals(PeerRead.End.TIMEOUT, PeerRead.readAll(p.y, 200).end(),
                    "no FIN while the channel is still registered with the caller's selector");
            mine.selectNow(); // flushes the cancelled key: the closer starts
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end());
            p.y.close();
            CloseReport report = await(f);

            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertFalse(p.xChannel.isOpen());
            assertFalse(p.xChannel.isRegistered(), "deregistered everywhere, so the JDK closed the fd");
        }
    }

    @Test
    void handOverGoesOnAfterTheIdleTimeoutWhenTheCallersSelectorNeverSelects() throws Exception {
        try (LingeringCloser closer = start(LONG.withIdleTimeout(Duration.ofMillis(300)));
             LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL); Selector mine = Selector.open()) {
            p.xChannel.configureBlocking(false);
            p.xChannel.register(mine, SelectionKey.OP_READ).cancel(); // and mine never selects again
            CompletableFuture<CloseReport> f = closer.submit(p.xChannel);
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end(), "the closer went on after 300 ms");
            p.y.close();
            CloseReport report = await(f);

            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertFalse(p.xChannel.isOpen());
            assertTrue(p.xChannel.isRegistered(), "the JDK keeps the fd until the caller's selector deregisters");
            mine.close();
            assertFalse(p.xChannel.isRegistered());
        }
    }

    @Test
    void misuseIsReportedInTheCallersThread() throws Exception {
        try (LingeringCloser closer = start(LONG); LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CompletableFuture<CloseReport> f = closer.submit(p.xChannel);
            CloseInProgressException twice = assertThrows(CloseInProgressException.class, () -> closer.submit(p.xChannel));
            assertTrue(twice.getMessage().contains("test-closer"), twice.getMessage());
            assertThrows(CloseInProgressException.class, () -> Close.plain(p.xChannel));
            p.y.close();
            assertEquals(DrainEnd.PEER_EOF, await(f).drainEnd());
            assertThrows(java.nio.channels.ClosedChannelException.class, () -> closer.submit(p.xChannel));
        }
    }

    @Test
    void lingeringAsyncUsesTheSharedCloser() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CompletableFuture<CloseReport> f = Close.lingeringAsync(p.xChannel);
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end());
            p.y.close();
            CloseReport report = await(f);
            assertEquals(CloseStrategy.LINGERING_ASYNC, report.strategy());
            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertThrows(IllegalStateException.class, () -> LingeringCloser.shared().close(Duration.ZERO));
        }
    }

    @Test
    void twoThreadsShareTheCloses() throws Exception {
        LingeringCloserOptions options = LingeringCloserOptions.DEFAULT.withPolicy(LONG).withThreads(2).withThreadName("pair");
        List<LoopbackPair> pairs = new ArrayList<>();
        try (LingeringCloser closer = LingeringCloser.start(options)) {
            List<CompletableFuture<CloseReport>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pairs.add(LoopbackPair.open(LoopbackPair.Kind.CHANNEL));
                futures.add(closer.submit(pairs.get(i).xChannel));
            }
            for (LoopbackPair p : pairs) {
                p.y.close();
            }
            for (CompletableFuture<CloseReport> f : futures) {
                assertEquals(DrainEnd.PEER_EOF, await(f).drainEnd());
            }
        } finally {
            for (LoopbackPair p : pairs) {
                p.close();
            }
        }
    }

    @Test
    void optionsAreValidatedNamingFieldAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LingeringCloserOptions.DEFAULT.withThreads(0));
        assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("[1, 64]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LingeringCloserOptions.DEFAULT.withMaxPending(0));
        assertTrue(e.getMessage().contains("maxPending") && e.getMessage().contains("[1, 16777216]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LingeringCloserOptions.DEFAULT.withShutdownGrace(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("shutdownGrace"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LingeringCloserOptions.DEFAULT.withThreadName(" "));
        assertTrue(e.getMessage().contains("threadName"), e.getMessage());
    }
}
