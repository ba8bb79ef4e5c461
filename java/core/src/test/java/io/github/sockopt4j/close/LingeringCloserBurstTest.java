package io.github.sockopt4j.close;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.BurstBehaviour;
import io.github.sockopt4j.testkit.Crowd;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 19,000 connections handed to one closer thread in one burst, with short timeouts (1 s idle,
 * 3 s in all) and peers that behave differently ({@link BurstBehaviour}, in a child JVM:
 * {@link BurstPeers}). Each connection has a 64 KiB response written and half of them 16 KiB of
 * request unread. For every connection the test asserts the {@link DrainEnd} its peer's
 * behaviour implies, the bytes drained, and FIN to every peer that closed or kept silent; the
 * peers check that every response arrived whole (SHA-256), the silent peers' read after the
 * close included; then the fd count is back where it was.
 *
 * <p>The silent peers are what {@link DrainEnd#IDLE_TIMEOUT} means: nothing arrives from them, so
 * the drain ends after the idle timeout; the kernel goes on delivering their response after the
 * final close (FIN, nothing unread), which they read when the burst is over. A prompt peer's
 * FIN, by contrast, arrives within moments of ours, so any {@code IDLE_TIMEOUT} among them is a
 * closer that did not look at the socket in time.
 */
class LingeringCloserBurstTest {
    private static final int CONNECTIONS = 19_000;
    private static final int RESPONSE = 64 * 1024;
    private static final DrainPolicy POLICY = new DrainPolicy(Duration.ofSeconds(1), Duration.ofSeconds(3),
            BurstBehaviour.BYTE_CAP, 32 * 1024);
    private static final int SHOWN = 10;

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyCloseOfAMixedBurstEndsAsItsPeerBehaved() throws Exception {
        Fds.warmUp();
        long fdsBefore = Fds.count();
        long t0 = System.nanoTime();
        try (Crowd crowd = Crowd.startBurst(CONNECTIONS, RESPONSE, c -> NativeSocket.of(c).unreadBytes());
             LingeringCloser closer = LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(POLICY)
                     .withThreadName("burst-closer"))) {
            List<SocketChannel> channels = crowd.channels();
            int[] ports = new int[channels.size()];
            for (int i = 0; i < ports.length; i++) {
                ports[i] = Crowd.peerPort(channels.get(i));
            }
            long t1 = System.nanoTime();
            List<CompletableFuture<CloseReport>> futures = new ArrayList<>(channels.size());
            for (SocketChannel c : channels) {
                futures.add(closer.submit(c));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long t2 = System.nanoTime();

            Map<BurstBehaviour, Map<DrainEnd, Integer>> ends = new EnumMap<>(BurstBehaviour.class);
            int wrong = 0;
            for (int i = 0; i < ports.length; i++) {
                BurstBehaviour b = BurstBehaviour.of(ports[i]);
                CloseReport r = futures.get(i).join();
                ends.computeIfAbsent(b, k -> new EnumMap<>(DrainEnd.class)).merge(r.drainEnd(), 1, Integer::sum);
                String why = mismatch(b, BurstBehaviour.request(ports[i]), r);
                if (why != null && wrong++ < SHOWN) {
                    System.out.println("peer " + ports[i] + " " + b + ": " + why + "; " + r);
                }
            }
            System.out.printf("LingeringCloserBurstTest: setup %d ms, %d closes in %d ms on one thread; ends %s%n",
                    ms(t1 - t0), ports.length, ms(t2 - t1), ends);

            crowd.tell("read"); // every close is over: the silent peers read what was delivered
            Map<String, Long> peers = crowd.result(Duration.ofSeconds(90));
            System.out.println("LingeringCloserBurstTest: peers " + peers);
            assertEquals(0, wrong, "closes that did not end as their peer behaved: " + ends);
            assertEquals(expectedPeers(ends), withoutMillis(peers), "the peers' view");
        }
        try {
            Await.until("the fd count back to " + fdsBefore, Duration.ofSeconds(10), () -> Fds.count() <= fdsBefore);
        } catch (AssertionError e) {
            fail(e.getMessage() + "; open now: " + Fds.list());
        }
    }

    /** Why {@code r} is not what {@code b} implies, or null. */
    private static String mismatch(BurstBehaviour b, int request, CloseReport r) {
        if (r.atStart().orElseThrow().unread() != request) {
            return "unread at start " + r.atStart().orElseThrow().unread() + ", not the request's " + request;
        }
        return switch (b) {
            case PROMPT -> expect(r, DrainEnd.PEER_EOF, request, FinalSignal.FIN);
            case SILENT -> r.elapsed().compareTo(POLICY.idleTimeout()) < 0 ? "IDLE_TIMEOUT before the idle timeout"
                    : expect(r, DrainEnd.IDLE_TIMEOUT, request, FinalSignal.FIN);
            case RESETTER -> expect(r, DrainEnd.PEER_RESET, request, FinalSignal.NONE);
            case UPLOADER -> expect(r, DrainEnd.PEER_EOF, request + BurstBehaviour.UPLOAD, FinalSignal.FIN);
            case FLOODER -> r.drainEnd() == DrainEnd.BYTE_CAP && r.bytesDrained() == BurstBehaviour.BYTE_CAP
                    ? null : "not BYTE_CAP after exactly " + BurstBehaviour.BYTE_CAP + " bytes";
            // A byte may arrive between the last read and the final close: FIN or RST.
            case TRICKLER -> r.drainEnd() == DrainEnd.TOTAL_TIMEOUT && r.bytesDrained() > request
                    && r.elapsed().compareTo(POLICY.totalTimeout()) >= 0 ? null
                    : "not TOTAL_TIMEOUT after the total timeout with trickled bytes drained";
        };
    }

    private static String expect(CloseReport r, DrainEnd end, long drained, FinalSignal signal) {
        boolean failureRight = (end == DrainEnd.PEER_RESET) == r.failure().isPresent();
        return r.drainEnd() == end && r.bytesDrained() == drained && r.finalSignal() == signal && failureRight ? null
                : "expected " + signal + " after " + end + " with " + drained + " bytes drained";
    }

    /** Every peer, whatever it did, read its whole response and our FIN: no reset, no error. */
    private static Map<String, Long> expectedPeers(Map<BurstBehaviour, Map<DrainEnd, Integer>> ends) {
        Map<String, Long> m = new TreeMap<>();
        for (BurstBehaviour b : BurstBehaviour.values()) {
            long n = ends.getOrDefault(b, Map.of()).values().stream().mapToLong(Integer::longValue).sum();
            m.put(b + ".n", n);
            m.put(b + ".hashOk", n);
            m.put(b + ".eof", n);
            m.put(b + ".reset", 0L);
            m.put(b + ".errors", 0L);
        }
        return m;
    }

    private static Map<String, Long> withoutMillis(Map<String, Long> peers) {
        Map<String, Long> m = new TreeMap<>(peers);
        m.remove("millis");
        return m;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
