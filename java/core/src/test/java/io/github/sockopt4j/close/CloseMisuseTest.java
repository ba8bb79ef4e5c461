package io.github.sockopt4j.close;

import io.github.sockopt4j.TcpOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Already closed, closed twice, closed by two threads at once, closing thread interrupted, non-blocking. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseMisuseTest {
    /** A drain that only the test ends: the peer is silent for far longer than the test waits. */
    private static final DrainPolicy LONG = DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(20));

    @FunctionalInterface
    interface Strategy {
        CloseReport close(LoopbackPair p) throws Exception;
    }

    private static List<Strategy> strategies() {
        return List.of(LoopbackPair::plain, LoopbackPair::abortive, p -> p.lingering(DrainPolicy.DEFAULT),
                p -> p.afterAcked(Duration.ofSeconds(1)));
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void alreadyClosedThrowsClosedChannelException(LoopbackPair.Kind kind) throws Exception {
        for (Strategy strategy : strategies()) {
            try (LoopbackPair p = LoopbackPair.open(kind)) {
                p.x.close();
                assertThrows(ClosedChannelException.class, () -> strategy.close(p));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void secondCallThrowsClosedChannelException(LoopbackPair.Kind kind) throws Exception {
        for (Strategy strategy : strategies()) {
            try (LoopbackPair p = LoopbackPair.open(kind)) {
                p.y.close(); // so that the lingering drain ends at once with the peer's EOF
                CloseReport first = strategy.close(p);
                assertFalse(p.xOpen(), first.toString());
                for (Strategy second : strategies()) {
                    assertThrows(ClosedChannelException.class, () -> second.close(p));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void secondThreadGetsCloseInProgressAndTheFirstClosesNormally(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            CompletableFuture<CloseReport> first = Background.run("first-closer", () -> p.lingering(LONG));
            awaitDrainStarted(p);

            CloseInProgressException e = assertThrows(CloseInProgressException.class, p::abortive);
            assertTrue(e.getMessage().contains("first-closer"), e.getMessage());
            assertTrue(p.xOpen(), "the second call must not close the socket");

            p.y.close(); // the peer's FIN ends the first thread's drain
            CloseReport report = first.get(10, TimeUnit.SECONDS);
            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertFalse(p.xOpen());
        }
    }

    /** The peer reads our FIN: the closer has shut down its output and is draining. */
    private static void awaitDrainStarted(LoopbackPair p) {
        assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 10_000).end());
    }

    @Test
    void twoThreadsRacingCloseTheSocketExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
                p.y.close();
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<CloseReport>> closers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    closers.add(Background.run("racer-" + i, () -> {
                        go.await();
                        return p.lingering(DrainPolicy.DEFAULT);
                    }));
                }
                go.countDown();
                int reports = 0;
                for (CompletableFuture<CloseReport> closer : closers) {
                    try {
                        closer.get(10, TimeUnit.SECONDS);
                        reports++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertTrue(e.getCause() instanceof ClosedChannelException, e.getCause().toString());
                    }
                }
                assertEquals(1, reports, "closes that happened in round " + round);
                assertFalse(p.xOpen());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void interruptDuringTheDrainClosesAtOnceAndKeepsTheInterrupt(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            CompletableFuture<Thread> closerThread = new CompletableFuture<>();
            CompletableFuture<Object[]> closer = Background.run("interrupted-closer", () -> {
                closerThread.complete(Thread.currentThread());
                CloseReport report = p.lingering(LONG);
                return new Object[] {report, Thread.currentThread().isInterrupted()};
            });
            awaitDrainStarted(p);
            closerThread.get().interrupt();
            Object[] result = closer.get(10, TimeUnit.SECONDS);
            CloseReport report = (CloseReport) result[0];

            assertEquals(DrainEnd.INTERRUPTED, report.drainEnd(), report.toString());
            assertTrue((Boolean) result[1], "the interrupt status is kept");
            assertFalse(p.xOpen());
            assertTrue(report.elapsed().toMillis() < 5_000, report.toString());
            // An interrupt that lands inside a channel read makes the JDK close the channel before the
            // strategy can look (UNKNOWN); between reads, or on a Socket, the strategy closes it (FIN).
            assertTrue(report.finalSignal() == FinalSignal.FIN
                    || kind == LoopbackPair.Kind.CHANNEL && report.finalSignal() == FinalSignal.UNKNOWN, report.toString());
            assertEquals(report.finalSignal() == FinalSignal.UNKNOWN, report.atClose().isEmpty(), report.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void interruptedAckWaitClosesAtOnceAndKeepsTheInterrupt(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            // Y never reads: once its window is full, our queue cannot drain and the wait cannot end.
            p.x.setSendBufferSize(1 << 20);
            p.xNative().set(TcpOptions.TCP_NODELAY, true);
            CompletableFuture<Object[]> closer = Background.run("interrupted-waiter", () -> {
                p.x.getOutputStream().write(new byte[256 * 1024]);
                Thread.currentThread().interrupt();
                CloseReport report = p.afterAcked(Duration.ofSeconds(20));
                return new Object[] {report, Thread.currentThread().isInterrupted()};
            });
            Object[] result = closer.get(10, TimeUnit.SECONDS);
            CloseReport report = (CloseReport) result[0];

            assertEquals(DrainEnd.INTERRUPTED, report.drainEnd(), report.toString());
            assertTrue((Boolean) result[1], "the interrupt status is kept");
            assertFalse(p.xOpen());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
        }
    }

    @Test
    void lingeringRefusesANonBlockingChannelAndDoesNothing() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            p.xChannel.configureBlocking(false);
            IllegalBlockingModeException e = assertThrows(IllegalBlockingModeException.class,
                    () -> Close.lingering(p.xChannel));
            assertTrue(e.getMessage().contains("LingeringCloser"), e.getMessage());
            assertTrue(p.xChannel.isOpen());
            assertFalse(p.xChannel.socket().isOutputShutdown());

            CloseReport report = Close.plain(p.xChannel);
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end());
        }
    }
}
