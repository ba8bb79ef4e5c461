package io.github.sockopt4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.TcpCounters;
import io.github.sockopt4j.close.CloseListener;
import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.testkit.clients.ObservedTrials;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;
import io.github.sockopt4j.testkit.servers.EarlyResponseJetty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CloseMode#OBSERVE} on embedded Jetty: Jetty's own close is unchanged (Python's
 * {@code http.client} still loses the 413 to its reset), and each close is reported. Jetty reads
 * on after its 413 and half-closes before it closes, so its close mostly finds bytes unread (RST,
 * reported) but sometimes an empty queue with the client still sending: FIN, reported truly, and
 * the kernel's RST when the next bytes arrive, after the close ({@code TCPAbortOnData}). So,
 * trial by trial: an RST reported only where the client saw a reset; and the kernel's abort
 * counters (system-wide: at least) rose by every reset.
 */
class JettyObserveModeTest {
    private static final int TRIALS = JettyRealClientTest.TRIALS;

    @Test
    @Timeout(300)
    void observedRstsEqualTheClientsResets() throws Exception {
        List<CloseReport> reports = new CopyOnWriteArrayList<>();
        try (CloseListener.Subscription s = CloseListener.add((integration, report) -> {
                 // Other tests' lingering closes may still end meanwhile, under the same integration.
                 if (integration.equals("Jetty") && report.strategy() == CloseStrategy.OBSERVED) {
                     reports.add(report);
                 }
             });
             EarlyResponseJetty jetty = EarlyResponseJetty.start((server, ssl, factories) -> {
                 LingeringServerConnector c = new LingeringServerConnector(server, ssl, factories);
                 c.setCloseMode(CloseMode.OBSERVE);
                 return c;
             }, null, null)) {
            assertTrue(((LingeringServerConnector) jetty.connector()).isObserving(), "observe mode installed");
            TcpCounters before = TcpCounters.snapshot();
            List<ObservedTrials.Trial> trials = ObservedTrials.run(RealClient.PYTHON_HTTP_CLIENT, jetty.port(),
                    Upload.of(8 << 20, "/upload"), null, TRIALS, reports::size,
                    () -> reports.stream().filter(CloseReport::sentReset).count());
            System.out.printf("[observe] embedded Jetty: %d of %d clients saw a reset; reports: %s%n",
                    ObservedTrials.resets(trials), TRIALS, reports);
            TcpCounters kernel = TcpCounters.delta(before, TcpCounters.snapshot());
            assertEquals(TRIALS, ObservedTrials.resets(trials), "observe mode changes nothing: Jetty resets every upload");
            ObservedTrials.assertRstsOnlyWhereReset("Jetty, observe mode", trials);
            long aborts = kernel.get(TcpCounters.TCP_ABORT_ON_CLOSE) + kernel.get(TcpCounters.TCP_ABORT_ON_DATA);
            assertTrue(aborts >= TRIALS, "every reset is a kernel abort: the counters rose by " + aborts);
        }
    }
}
