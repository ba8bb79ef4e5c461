package io.github.sockopt4j.close;

import io.github.sockopt4j.testkit.Payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Lingering closes on virtual threads never hold their carrier while they wait. A child JVM runs
 * its virtual threads on exactly one carrier ({@code jdk.virtualThreadScheduler.parallelism=1},
 * {@code maxPoolSize=1}, so the JDK cannot add a compensating one) and starts {@value #CLOSES}
 * lingering closes at once, each writing a response, half-closing and draining until its peer's
 * EOF. The peers, on one platform thread, first read every response to X's FIN, and only then
 * close: so every drain must be waiting at the same time. A close that waited while holding the
 * carrier (blocked in native code on any JDK, or parked inside {@code synchronized} on JDK 21 to
 * 23, where that pins) would keep the other closes from ever half-closing: their peers time out
 * and those drains end otherwise than {@code PEER_EOF}. JDK 21+ (the build targets 17, so virtual
 * threads are reached by reflection).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class CloseVirtualThreadTest {
    private static final int CLOSES = 50;
    private static final int RESPONSE = 10_000;
    /** All peers together: long enough for 50 closes on a loaded machine, short enough to fail fast. */
    private static final Duration PEERS_DEADLINE = Duration.ofSeconds(10);
    /** Longer than the peers' deadline: only the peers' EOF should end a drain. */
    private static final DrainPolicy POLICY = DrainPolicy.DEFAULT
            .withIdleTimeout(Duration.ofSeconds(20)).withTotalTimeout(Duration.ofSeconds(30));

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void lingeringClosesOnOneCarrierAllDrainAtOnce() throws Exception {
        List<String> flags = new ArrayList<>(ChildJvm.testFlags());
        flags.addAll(List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"));
        String out = ChildJvm.run(flags, CloseVirtualThreadTest.class, 90);
        List<String> lines = out.lines().filter(l -> l.startsWith("close ") || l.startsWith("peer ")).toList();
        for (int i = 0; i < CLOSES; i++) {
            assertTrue(lines.contains("peer " + i + " EOF " + RESPONSE), "peer " + i + " did not read everything:\n" + out);
            assertTrue(lines.contains("close " + i + " PEER_EOF FIN"), "close " + i + " did not end at EOF:\n" + out);
        }
        assertEquals(2 * CLOSES, lines.size(), out);
    }

    /** The child: {@value #CLOSES} closes on virtual threads, their peers on this platform thread. */
    public static void main(String[] args) throws Exception {
        ExecutorService virtualThreads = (ExecutorService) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        List<LoopbackPair> pairs = new ArrayList<>();
        try {
            for (int i = 0; i < CLOSES; i++) {
                pairs.add(LoopbackPair.open(i % 2 == 0 ? LoopbackPair.Kind.CHANNEL : LoopbackPair.Kind.SOCKET));
            }
            byte[] response = Payload.of(RESPONSE, 3);
            List<Future<CloseReport>> closes = new ArrayList<>();
            for (LoopbackPair pair : pairs) {
                closes.add(virtualThreads.submit(() -> {
                    pair.x.getOutputStream().write(response);
                    return pair.lingering(POLICY);
                }));
            }
            long deadline = System.nanoTime() + PEERS_DEADLINE.toNanos();
            for (int i = 0; i < CLOSES; i++) {
                int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                PeerRead read = PeerRead.readAll(pairs.get(i).y, left);
                System.out.println("peer " + i + " " + read.end() + " " + read.bytes());
            }
            for (LoopbackPair pair : pairs) {
                pair.y.close(); // only now may the drains see EOF
            }
            for (int i = 0; i < CLOSES; i++) {
                CloseReport report = closes.get(i).get(60, TimeUnit.SECONDS);
                System.out.println("close " + i + " " + report.drainEnd() + " " + report.finalSignal());
            }
        } finally {
            virtualThreads.shutdownNow();
            for (LoopbackPair pair : pairs) {
                closeQuietly(pair);
            }
        }
    }

    private static void closeQuietly(LoopbackPair pair) {
        try {
            pair.close();
        } catch (IOException ignored) {
            // already closed by the strategy
        }
    }
}
