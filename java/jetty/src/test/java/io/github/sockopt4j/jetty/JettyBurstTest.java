package io.github.sockopt4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.LingeringCloserStats;
import io.github.sockopt4j.close.OverflowPolicy;
import io.github.sockopt4j.testkit.ServerBurst;
import io.github.sockopt4j.testkit.UploadBurst;
import io.github.sockopt4j.testkit.UploadOutcome;
import io.github.sockopt4j.testkit.servers.EarlyResponseJetty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        Burst(ServerBurst.Result<LingeringCloserStats> r) {
            this(r.outcomes(), r.failures(), r.stats(), r.keepAlive(), r.fdsBefore(), r.fdPeak());
        }

        void assertKeepAliveServed() {
            assertTrue(!keepAlive.isEmpty() && keepAlive.stream().allMatch(s -> s == 200),
                    "every keep-alive GET during the burst got 200: " + keepAlive);
        }
    }

    /**
     * Starts Jetty with the connector {@code settings} make and runs the burst ({@code hold}: peers
     * that never close): {@link ServerBurst} warms it up, keeps a keep-alive client asking, counts
     * the fds and checks they are back exactly where they were.
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
            ServerBurst.Result<LingeringCloserStats> r = ServerBurst.run("JettyBurstTest", jetty.port(), UPLOADS, DECLARED,
                    SENT, hold, () -> connector.getLingeringStats().pending(), connector::getLingeringStats);
            return new Burst(r);
        }
    }
}
