package io.github.sockopt4j.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.LingeringCloserStats;
import io.github.sockopt4j.testkit.ServerBurst;
import io.github.sockopt4j.testkit.UploadBurst;
import io.github.sockopt4j.testkit.UploadOutcome;
import io.github.sockopt4j.testkit.servers.EarlyResponseTomcat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Bounded under attack": 19,000 rejected uploads in a few seconds against an embedded Tomcat 11
 * with {@link LingeringHttp11NioProtocol}. Each upload declares 8 MiB and sends the first 64 KiB
 * ({@link UploadBurst}, in a child JVM: the two ends of the burst do not fit under this machine's
 * hard limit of 20,000 fds per process), then reads; Tomcat answers 413 after 100 bytes, swallows
 * up to its {@code maxSwallowSize} of the rest (16 KiB here), gives up and closes with tens of KiB
 * unread: a plain close there is RST. (At Tomcat's default of 2 MiB each peer would have to send
 * over 2 MiB, 38 GB in all, before Tomcat closes; a peer that stopped before would leave Tomcat
 * waiting for the rest until its connection timeout.)
 * Meanwhile one keep-alive client does {@code GET /hello} every 50 ms on one connection.
 *
 * <p>Each connection's outcome is asserted (a tally of exactly one outcome per connection), the
 * closer's counters against it, and this JVM's fd count: at its peak during the burst, and after
 * it, back exactly where it was.
 */
class TomcatBurstTest {
    private static final int UPLOADS = 19_000;
    private static final long DECLARED = 8L << 20;
    /** Past Tomcat's 8 KiB read buffer and {@link #MAX_SWALLOW}; small enough that the client sends it all, then reads. */
    private static final int SENT = 64 * 1024;
    private static final String MAX_SWALLOW = "16384";
    /** Above {@link UploadBurst}'s 512 connections waiting for a response, so no SYN finds it full. */
    private static final String ACCEPT_COUNT = "1024";
    /**
     * Fds open during the burst beyond those bounds: the child's two pipes, and a socket between
     * Tomcat's count of it and its hand-over (Tomcat counts a connection down before it closes
     * it), one per worker thread at most; 2 cores run few.
     */
    private static final int FD_SLACK = 32;

    /** Case 1: room for every close: each of the 19,000 reads the whole 413, then our FIN. */
    @Test
    @Timeout(value = 100, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyRejectedUploadReadsThe413ThenOurFin() throws Exception {
        // maxConnections (Tomcat's default) is far above the 512 the peers keep waiting; maxPending
        // is the whole burst, so no close can overflow whatever the timing. Each peer closes half a
        // second after our FIN (its probe first): an idle timeout of 10 s, not 2, so that a peer
        // late on a loaded machine still ends its drain with its EOF (at 2 s, 583 of 19,000 did not).
        Burst b = burst(Map.of("maxConnections", "8192", "acceptCount", ACCEPT_COUNT, "maxSwallowSize", MAX_SWALLOW,
                "maxKeepAliveRequests", "-1", "lingeringMaxPending", String.valueOf(UPLOADS),
                "lingeringIdleTimeout", "10000"), false);
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
        Burst b = burst(Map.of("maxConnections", String.valueOf(maxConnections), "acceptCount", ACCEPT_COUNT,
                "maxSwallowSize", MAX_SWALLOW, "maxKeepAliveRequests", "-1", "lingeringMaxPending", String.valueOf(maxPending),
                "lingeringIdleTimeout", "1000", "lingeringOverflow", "ABORT"), true);
        long eof = b.outcomes.get(UploadOutcome.RESPONSE_EOF);
        long resets = b.outcomes.entrySet().stream().filter(e -> e.getKey().reset()).mapToLong(Map.Entry::getValue).sum();
        assertEquals(UPLOADS, eof + resets, "each upload read the 413 then EOF, or (part of) it then a reset: "
                + b.outcomes + "; the first others: " + b.failures);
        // Exact: an aborted close is the only RST these connections can get (a lingering close read
        // everything its idle peer sent before its final close), and every peer reads until its end.
        assertEquals(b.stats.overflowAborted(), resets, "resets seen = overflow aborts: " + b.stats);
        assertEquals(eof, b.stats.completed(DrainEnd.IDLE_TIMEOUT), "each lingering close waited for its idle peer: "
                + b.stats);
        assertEquals(eof + 1, b.stats.completedTotal(), "and the warm-up's: " + b.stats);
        assertEquals(0, b.stats.overflowPlain() + b.stats.rejected() + b.stats.failed(), b.stats.toString());
        assertTrue(b.stats.overflowAborted() > UPLOADS / 2, "the limit was what bounded the burst: " + b.stats);
        // Not maxConnections + maxPending: an overflowed close resets its connection at once, but the
        // JDK releases the fd of a channel still registered with Tomcat's poller (its key cancelled
        // by the hand-over) only at the poller's next select; measured: up to ~280 such fds, each
        // already out of the kernel's TCP table. Each was a connection Tomcat counted at that
        // poller's last select, so they are at most maxConnections more: still a bound the burst's
        // size does not move.
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
     * Starts Tomcat with {@code attributes} and runs the burst ({@code hold}: peers that never
     * close): {@link ServerBurst} warms it up, keeps a keep-alive client asking, counts the fds and
     * checks they are back exactly where they were.
     */
    private static Burst burst(Map<String, String> attributes, boolean hold) throws Exception {
        try (EarlyResponseTomcat tomcat = EarlyResponseTomcat.start(LingeringHttp11NioProtocol.class.getName(), null, null,
                attributes)) {
            LingeringHttp11NioProtocol protocol = (LingeringHttp11NioProtocol) tomcat.protocol();
            ServerBurst.Result<LingeringCloserStats> r = ServerBurst.run("TomcatBurstTest", tomcat.port(), UPLOADS, DECLARED,
                    SENT, hold, () -> protocol.getLingeringStats().pending(), protocol::getLingeringStats);
            return new Burst(r);
        }
    }
}
