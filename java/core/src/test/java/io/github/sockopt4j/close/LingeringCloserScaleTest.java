package io.github.sockopt4j.close;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.Crowd;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scale test: 10,000 concurrent loopback connections, each with a 64 KiB response
 * written and 16 KiB of request unread (a plain close would RST every one), all handed to one
 * closer thread at once. Every peer must read its whole response (SHA-256) and then EOF, every
 * close must end at the peer's EOF, and no fd may stay open.
 *
 * <p>The peers run in a child JVM ({@link PeerCrowd}): 20,000 sockets do not fit in one process
 * under this machine's hard {@code RLIMIT_NOFILE} of 20,000. No limit is raised here: the JVM
 * lifts its soft limit to the hard one at startup ({@code -XX:+MaxFDLimit}, on by default), and
 * each process needs about 10,100; {@link Crowd#requireFdLimit} fails with the fix if not.
 */
class LingeringCloserScaleTest {
    private static final int CONNECTIONS = 10_000;
    private static final int REQUEST = 16 * 1024;
    private static final int RESPONSE = 64 * 1024;
    /**
     * The peers' silence after our FIN is the crowd's one thread reading and hashing up to 640 MB
     * on a loaded 2-core machine, not a peer that stalls: the idle timeout is 20 s so that it does
     * not end a drain before the peer's EOF.
     */
    private static final DrainPolicy POLICY = new DrainPolicy(Duration.ofSeconds(20), Duration.ofSeconds(60),
            Long.MAX_VALUE, 32 * 1024);

    @Test
    @Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void tenThousandEarlyResponsesReachTheirPeersWholeThroughOneCloserThread() throws Exception {
        Fds.warmUp();
        long fdsBefore = Fds.count();
        long t0 = System.nanoTime();
        try (Crowd crowd = Crowd.start(CONNECTIONS, REQUEST, RESPONSE, false, c -> NativeSocket.of(c).unreadBytes());
             LingeringCloser closer = LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(POLICY)
                     .withThreadName("scale-closer"))) {
            long t1 = System.nanoTime();
            List<CompletableFuture<CloseReport>> futures = new ArrayList<>(CONNECTIONS);
            for (var channel : crowd.channels()) {
                futures.add(closer.submit(channel));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            long t2 = System.nanoTime();

            int wrong = 0;
            for (CompletableFuture<CloseReport> f : futures) {
                CloseReport r = f.join();
                boolean right = r.drainEnd() == DrainEnd.PEER_EOF && r.finalSignal() == FinalSignal.FIN
                        && r.atStart().orElseThrow().unread() == REQUEST && r.bytesDrained() == REQUEST && r.failure().isEmpty();
                if (!right && wrong++ < 5) {
                    System.out.println("unexpected: " + r);
                }
            }
            assertEquals(0, wrong, "closes that did not end cleanly at the peer's EOF");
            Map<String, Long> peers = crowd.result(Duration.ofSeconds(60));
            assertEquals(Map.of("connected", (long) CONNECTIONS, "eof", (long) CONNECTIONS,
                    "hashOk", (long) CONNECTIONS, "reset", 0L, "errors", 0L,
                    "bytes", (long) CONNECTIONS * RESPONSE), withoutMillis(peers), peers.toString());
            LingeringCloserStats stats = closer.stats();
            assertEquals(CONNECTIONS, stats.completed(DrainEnd.PEER_EOF), stats.toString());
            assertEquals((long) CONNECTIONS * REQUEST, stats.bytesDrained(), stats.toString());
            System.out.printf("LingeringCloserScaleTest: setup %d ms, %d closes in %d ms on one thread; peers %s%n",
                    ms(t1 - t0), CONNECTIONS, ms(t2 - t1), peers);
        }
        try {
            Await.until("the fd count back to " + fdsBefore, Duration.ofSeconds(10), () -> Fds.count() <= fdsBefore);
        } catch (AssertionError e) {
            fail(e.getMessage() + "; open now: " + Fds.list());
        }
    }

    private static Map<String, Long> withoutMillis(Map<String, Long> peers) {
        Map<String, Long> m = new java.util.TreeMap<>(peers);
        m.remove("millis");
        return m;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
