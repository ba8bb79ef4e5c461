package io.github.sockopt4j.close;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.testkit.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deadline that passes while the close's readiness waits for a later slice of the selector:
 * the JDK's epoll selector returns at most 1,024 ready keys per select, so with 1,500 peers'
 * FINs waiting, 476 of them are not reported by the first select after the closer was held up.
 * Their idle deadline has passed by then, yet their FIN arrived well within the idle timeout: each
 * must end {@link DrainEnd#PEER_EOF}, which only a last read before expiring can see.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LingeringCloserExpiryTest {
    private static final int CLOSES = 1_500;
    private static final Duration IDLE = Duration.ofSeconds(2);

    @Test
    void anExpiringCloseWhoseFinWaitsInTheNextReadySliceEndsAtThatFin() throws Exception {
        List<LoopbackPair> pairs = new ArrayList<>(CLOSES);
        DrainPolicy policy = DrainPolicy.DEFAULT.withIdleTimeout(IDLE);
        try (LingeringCloser closer = LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(policy)
                .withThreadName("expiry-closer")); LoopbackPair gate = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            for (int i = 0; i < CLOSES; i++) {
                pairs.add(LoopbackPair.open(LoopbackPair.Kind.CHANNEL));
            }
            long submitted = System.nanoTime();
            List<CompletableFuture<CloseReport>> futures = new ArrayList<>(CLOSES);
            for (LoopbackPair p : pairs) {
                futures.add(closer.submit(p.xChannel));
            }
            List<NativeSocket> peers = pairs.stream().map(p -> NativeSocket.of(p.y)).toList();
            Await.until("every close started (our FIN at every peer)", Duration.ofSeconds(10),
                    () -> peers.stream().allMatch(LingeringCloserExpiryTest::sawOurFin));

            // Hold the closer's thread in a callback while every peer's FIN arrives and every idle
            // deadline passes.
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<CloseReport> gated = closer.submit(gate.xChannel).whenComplete((r, t) -> {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            gate.y.close();
            assertTrue(held.await(10, TimeUnit.SECONDS), "the gate's callback holds the closer's thread");
            for (LoopbackPair p : pairs) {
                p.y.close();
            }
            long finsSent = System.nanoTime() - submitted;
            assertTrue(finsSent < IDLE.toNanos() / 2, "setup too slow for the test: the peers' FINs went "
                    + TimeUnit.NANOSECONDS.toMillis(finsSent) + " ms after the submits");
            // The pause that lets every idle deadline pass while the closer is held: nothing to observe.
            Thread.sleep(IDLE.toMillis() + 300 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submitted));
            release.countDown();
            gated.get(10, TimeUnit.SECONDS);

            Map<DrainEnd, Integer> ends = new EnumMap<>(DrainEnd.class);
            for (CompletableFuture<CloseReport> f : futures) {
                ends.merge(f.get(10, TimeUnit.SECONDS).drainEnd(), 1, Integer::sum);
            }
            assertEquals(Map.of(DrainEnd.PEER_EOF, CLOSES), ends, "every FIN arrived within the idle timeout");
        } finally {
            for (LoopbackPair p : pairs) {
                p.close();
            }
        }
    }

    private static boolean sawOurFin(NativeSocket peer) {
        try {
            return peer.tcpInfo().state() == TcpState.CLOSE_WAIT;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
