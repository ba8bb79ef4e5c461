package io.github.sockopt4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.LingeringCloserStats;
import io.github.sockopt4j.close.OverflowPolicy;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.FdCount;
import io.github.sockopt4j.testkit.KeepAliveClient;
import io.github.sockopt4j.testkit.PeerProcess;
import io.github.sockopt4j.testkit.UploadBurst;
import io.github.sockopt4j.testkit.UploadOutcome;
import io.github.sockopt4j.testkit.servers.EarlyResponseJetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Bounded under attack", on Jetty: 19,000 rejected uploads in a few seconds against an embedded
 * Jetty 12 with {@link LingeringServerConnector}. Each upload declares 8 MiB and sends the first
 * 64 KiB ({@link UploadBurst}, in a child JVM: the two ends of the burst do not fit under this
 * machine's hard limit of 20,000 fds per process), then reads; Jetty answers 413 after 100 bytes,
 * consumes what is already there for {@link #UNCONSUMED_READS} reads of its 8 KiB buffer, gives up,
 * sends its own FIN, and closes at the next bytes with tens of KiB unread: a plain close there is
 * RST. (At Jetty's default of 16 reads it consumes up to 128 KiB, so a 64 KiB upload would often
 * be read whole and the close would wait for the client's next byte.) Meanwhile one keep-alive
 * client does {@code GET /hello} every 50 ms on one connection.
 *
 * <p>Each connection's outcome is asserted (a tally of exactly one outcome per connection), the
 * closer's counters against it, and this JVM's fd count: at its peak during the burst, and after
 * it, back exactly where it was.
 */
class JettyBurstTest {
    private static final int UPLOADS = 19_000;
    private static final long DECLARED = 8L << 20;
    /** Past what Jetty consumes ({@link #UNCONSUMED_READS} × 8 KiB); small enough that the client sends it all, then reads. */
    private static final int SENT = 64 * 1024;
    private static final int UNCONSUMED_READS = 2;
    /** Above {@link UploadBurst}'s 512 connections waiting for a response, so no SYN finds it full. */
    private static final int ACCEPT_QUEUE = 1024;
    private static final Duration KEEP_ALIVE_INTERVAL = Duration.ofMillis(50);
    /** 50 ms apart, past the peers' run limit. */
    private static final int MAX_GETS = (int) (UploadBurst.RUN_LIMIT_MILLIS / 50) + 200;
    /**
     * Fds open during the burst beyond those bounds: the child's two pipes, a connection between
     * Jetty's accept and its count, one per acceptor at most, and the closer's own.
     */
    private static final int FD_SLACK = 32;

    /** Case 1: room for every close: each of the 19,000 reads the whole 413, then our FIN. */
    @Test
    @Timeout(value = 100, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyRejectedUploadReadsThe413ThenOurFin() throws Exception {
        // No connection limit (Jetty's default), maxPending the whole burst: no close can overflow
        // whatever the timing. Idle timeout 10 s, not 2: each peer closes half a second after our
        // FIN (its probe first), and one late on a loaded machine must still end its drain with its EOF.
        Burst b = burst(c -> {
            c.setMaxPending(UPLOADS);
            c.setDrainPolicy(DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(10)));
        }, false);
        Map<UploadOutcome, Long> expected = UploadOutcome.only(UploadOutcome.RESPONSE_EOF, UPLOADS);
        assertEquals(expected, b.outcomes, "every upload's outcome; the first others: " + b.failures);
        assertEquals(0, b.stats.overflowAborted() + b.stats.overflowPlain() + b.stats.rejected() + b.stats.failed(),
                "every close lingered: " + b.stats);
        // Plus the warm-up's upload; every peer closed after our FIN, so every drain ended at its EOF.
        assertEquals(UPLOADS + 1, b.stats.completed(DrainEnd.PEER_EOF), b.stats.toString());
        b.assertKeepAliveServed();
    }

    /**
     * Case 2: peers that never close (idle after the 413) and room for 100 lingering closes: the
     * rest overflow (ABORT, RST at once). However long the flood, the fds it holds stay bounded.
     */
    @Test
    @Timeout(value = 100, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFloodOfIdleClientsOverflowsIntoCountedResetsWithBoundedFds() throws Exception {
        int maxConnections = 256; // below the 512 the peers keep waiting: the limit bites, the rest wait in the backlog
        int maxPending = 100;
        Burst b = burst(c -> {
            c.getServer().addBean(new NetworkConnectionLimit(maxConnections, c));
            c.setMaxPending(maxPending);
            c.setDrainPolicy(DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(1)));
            c.setOverflow(OverflowPolicy.ABORT);
        }, true);
        long eof = b.outcomes.get(UploadOutcome.RESPONSE_EOF);
        long resets = b.outcomes.entrySet().stream().filter(e -> e.getKey().reset()).mapToLong(Map.Entry::getValue).sum();
        assertEquals(UPLOADS, eof + resets, "each upload read the 413 then EOF, or (part of) it then a reset: "
                + b.outcomes + "; the first others: " + b.failures);
        // Exact: an aborted close is the only RST these connections can get (a lingering close read
        // everything its idle peer sent, its probe too, before its final close), and every peer
        // probes after Jetty's FIN, so a reset that follows that FIN is seen too.
        assertEquals(b.stats.overflowAborted(), resets, "resets seen = overflow aborts: " + b.stats);
        assertEquals(eof, b.stats.completed(DrainEnd.IDLE_TIMEOUT), "each lingering close waited for its idle peer: "
                + b.stats);
        assertEquals(eof + 1, b.stats.completedTotal(), "and the warm-up's: " + b.stats);
        assertEquals(0, b.stats.overflowPlain() + b.stats.rejected() + b.stats.failed(), b.stats.toString());
        assertTrue(b.stats.overflowAborted() > UPLOADS / 2, "the limit was what bounded the burst: " + b.stats);
        // Jetty counts a connection down when its endpoint closes, i.e. at the hand-over: at most
        // maxConnections open in Jetty, at most maxPending lingering. Not maxConnections + maxPending:
        // an overflowed close resets its connection at once, on Jetty's thread, but the JDK releases
        // the fd of a channel still registered with Jetty's selector (its key cancelled by the
        // hand-over) only at that selector's next select; measured: a peak of 532 with 41 before,
        // over maxConnections + maxPending. Each was a connection Jetty counted, so they are at most
        // maxConnections more: still a bound the burst's size does not move.
        long bound = b.fdsBefore + 2L * maxConnections + maxPending + FD_SLACK;
        assertTrue(b.fdPeak <= bound, "fd peak " + b.fdPeak + " over " + b.fdsBefore + " + 2 x maxConnections "
                + maxConnections + " + maxPending " + maxPending + " + " + FD_SLACK);
        b.assertKeepAliveServed();
    }

    /** What one burst did. */
    private record Burst(Map<UploadOutcome, Long> outcomes, String failures, LingeringCloserStats stats,
                         List<Integer> keepAlive, long fdsBefore, long fdPeak) {
        void assertKeepAliveServed() {
            assertTrue(!keepAlive.isEmpty() && keepAlive.stream().allMatch(s -> s == 200),
                    "every keep-alive GET during the burst got 200: " + keepAlive);
        }
    }

    /**
     * Starts Jetty with the connector {@code settings} make, warms it up, opens the keep-alive
     * connection, counts fds, runs the burst ({@code hold}: peers that never close), waits until
     * every close is over, ends the peers, and asserts the fd count is back exactly where it was.
     */
    private static Burst burst(Consumer<LingeringServerConnector> settings, boolean hold) throws Exception {
        EarlyResponseJetty.Connectors connectors = (server, ssl, factories) -> {
            for (var f : factories) {
                if (f instanceof HttpConnectionFactory http) {
                    http.getHttpConfiguration().setMaxUnconsumedRequestContentReads(UNCONSUMED_READS);
                }
            }
            LingeringServerConnector c = new LingeringServerConnector(server, ssl, factories);
            c.setAcceptQueueSize(ACCEPT_QUEUE);
            settings.accept(c);
            return c;
        };
        try (EarlyResponseJetty jetty = EarlyResponseJetty.start(connectors, null, null)) {
            LingeringServerConnector connector = (LingeringServerConnector) jetty.connector();
            assertTrue(connector.isLingering(), "the connector lingers (JVM flags?)");
            warmUp(jetty.port());
            Await.until("the warm-up's close over", Duration.ofSeconds(10),
                    () -> connector.getLingeringStats().pending() == 0);
            try (KeepAliveClient keepAlive = new KeepAliveClient(jetty.port())) {
                assertEquals(200, keepAlive.get("/hello"));
                // Jetty's listen socket, selectors and closer, the keep-alive connection's two ends:
                // all open now and still after; what the burst opens must all be closed by then.
                long fdsBefore = FdCount.settled(Duration.ofSeconds(4), Duration.ofSeconds(30));
                long t0 = System.nanoTime();
                Map<String, Long> result;
                List<Integer> served;
                long peak;
                String output;
                try (FdCount fds = FdCount.sample(Duration.ofMillis(5));
                     PeerProcess peers = UploadBurst.start(jetty.port(), UPLOADS, "/upload", DECLARED, SENT, 413, hold)) {
                    FutureTask<List<Integer>> gets = new FutureTask<>(() -> keepAlive.repeat("/hello",
                            KEEP_ALIVE_INTERVAL, peers::hasResult, MAX_GETS));
                    Thread getter = new Thread(gets, "keep-alive");
                    getter.setDaemon(true);
                    getter.start();
                    // The peers report by their run limit; a few seconds more for a loaded machine.
                    try {
                        result = peers.result(Duration.ofMillis(UploadBurst.RUN_LIMIT_MILLIS + 10_000));
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new AssertionError("no result from the peers; they printed:\n" + peers.output(), e);
                    }
                    long t1 = System.nanoTime();
                    served = gets.get(15, TimeUnit.SECONDS);
                    Await.until("every lingering close over", Duration.ofSeconds(15),
                            () -> connector.getLingeringStats().pending() == 0);
                    fds.close();
                    peak = fds.peak();
                    output = peers.output();
                    System.out.printf("JettyBurstTest: %s peers: %d uploads in %d ms (closes over %d ms later);"
                                    + " %s; %s; %d keep-alive GETs; fds %d before, peak %d (%d samples)%n",
                            hold ? "idle" : "closing", UPLOADS, ms(t1 - t0), ms(System.nanoTime() - t1), result,
                            connector.getLingeringStats(), served.size(), fdsBefore, peak, fds.samples());
                }
                // The peers have ended (the held connections closed with them) and their pipes with them.
                boolean back = Await.within(Duration.ofSeconds(10), () -> FdCount.now() == fdsBefore);
                assertTrue(back, "fds back to " + fdsBefore + ": " + FdCount.now());
                return new Burst(UploadOutcome.tally(result), failureLines(output), connector.getLingeringStats(), served,
                        fdsBefore, peak);
            }
        }
    }

    /**
     * One rejected upload before the fds are counted, so that what the first one opens for good
     * (the closer's native access, classes' jar files) is in the count before and after alike.
     */
    private static void warmUp(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + DECLARED + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[SENT]);
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        }
    }

    private static String failureLines(String output) {
        return output.lines().filter(l -> l.startsWith("upload: ")).toList().toString();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
