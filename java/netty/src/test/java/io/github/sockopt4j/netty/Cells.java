package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Outcomes;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.RealClient;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counting and printing the outcomes of one cell of trials (one line each, for the test log). */
final class Cells {
    private Cells() {}

    static long delivered(List<ClientOutcome> outcomes) {
        return Outcomes.delivered(outcomes);
    }

    static Map<String, Integer> tally(List<ClientOutcome> outcomes) {
        return Outcomes.tally(outcomes);
    }

    /**
     * Clients that close with bytes of ours unread, so that their own kernel resets the connection
     * after they got the response: wget reads the 413's headers and closes with its body unread
     * (seen with strace: one 64-byte read, then close); Python's {@code http.client} over TLS and
     * curl over TLS close without reading the server's {@code close_notify} after the 413.
     */
    private static final Set<RealClient> RESET_AFTER_RESPONSE =
            EnumSet.of(RealClient.WGET, RealClient.PYTHON_HTTPS_CLIENT, RealClient.CURL_HTTPS);

    /**
     * The close of one connection drained until the client was done: its FIN (then ours was the
     * only signal, FIN, with nothing unread), or, for the clients above after a 413, their RST
     * (then the server's close sends nothing). Never an RST of ours.
     */
    static void assertDrainedToTheEnd(NettyTransport transport, RealClient client, Expected expected, CloseReport r) {
        assertTrue(r.atStart().isPresent(), "native fields known: " + r);
        boolean resetAfterResponse = RESET_AFTER_RESPONSE.contains(client) && expected == Expected.STATUS_413;
        if (resetAfterResponse && r.finalSignal() == FinalSignal.NONE) {
            // io_uring (Netty 4.2.18) does not always report the reset: the drain waits for the idle timeout.
            boolean unreported = transport == NettyTransport.IO_URING && r.drainEnd() == DrainEnd.IDLE_TIMEOUT;
            assertTrue(r.drainEnd() == DrainEnd.PEER_RESET || r.drainEnd() == DrainEnd.PEER_EOF || unreported,
                    r.toString());
            return;
        }
        assertEquals(DrainEnd.PEER_EOF, r.drainEnd(), r.toString());
        assertEquals(FinalSignal.FIN, r.finalSignal(), r.toString());
        assertEquals(0, r.atClose().orElseThrow().unread(), r.toString());
    }

    static void print(String server, NettyTransport transport, RealClient client, int size, List<ClientOutcome> outcomes) {
        System.out.printf("[netty-cell] %-17s %-5s %-23s %8d bytes: %s%n", server, transport, client.id(), size,
                tally(outcomes));
    }
}
