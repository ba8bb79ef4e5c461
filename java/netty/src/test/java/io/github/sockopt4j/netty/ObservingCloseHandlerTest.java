package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.TcpCounters;
import io.github.sockopt4j.close.CloseListener;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.testkit.clients.ObservedTrials;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ObservingCloseHandler} on each transport: Netty's own close is unchanged (Python's
 * {@code http.client} still loses the 413 to its reset), and each close is reported. The server
 * stops reading once it answers, as Tomcat and Jetty do, so its close mostly finds the body
 * unread: RST, reported. But Netty closes within microseconds of its last read, and then the
 * receive queue can be empty while the client is still sending: the close sends FIN (reported,
 * truly) and the kernel resets the connection when the next bytes arrive, after the close, where
 * no report sees it (Linux counts {@code TCPAbortOnData}); or bytes arrive between the look and
 * the close ({@code TCPAbortOnClose}). So, trial by trial: a reported RST only where the client
 * saw a reset; and the kernel's two counters (system-wide: at least) rose by every reset.
 */
class ObservingCloseHandlerTest {
    private static final int TRIALS = Integer.getInteger("sockopt4j.trials", 10);

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    @Timeout(300)
    void reportedRstsAreResetsAndTheKernelCountsTheRest(NettyTransport transport) throws Exception {
        List<CloseReport> reports = new CopyOnWriteArrayList<>();
        try (CloseListener.Subscription s = CloseListener.add((integration, report) -> {
                 // Other tests' lingering closes may still end meanwhile, under the same integration.
                 if (integration.equals("Netty") && report.strategy() == CloseStrategy.OBSERVED) {
                     reports.add(report);
                 }
             });
             EarlyResponseServer server = EarlyResponseServer.observed(transport)) {
            TcpCounters before = TcpCounters.snapshot();
            List<ObservedTrials.Trial> trials = ObservedTrials.run(RealClient.PYTHON_HTTP_CLIENT, server.port(),
                    Upload.of(8 << 20, "/upload"), null, TRIALS, reports::size,
                    () -> reports.stream().filter(CloseReport::sentReset).count());
            TcpCounters kernel = TcpCounters.delta(before, TcpCounters.snapshot());
            long aborts = kernel.get(TcpCounters.TCP_ABORT_ON_CLOSE) + kernel.get(TcpCounters.TCP_ABORT_ON_DATA);
            long unreported = trials.stream().filter(t -> t.reset() && t.rsts() == 0).count();
            System.out.printf("[observe] Netty %s: %d of %d clients saw a reset, %d RSTs reported, %d after a reported"
                    + " FIN (kernel: TCPAbortOnClose +%d, TCPAbortOnData +%d)%n", transport, ObservedTrials.resets(trials),
                    TRIALS, trials.stream().mapToInt(ObservedTrials.Trial::rsts).sum(), unreported,
                    kernel.get(TcpCounters.TCP_ABORT_ON_CLOSE), kernel.get(TcpCounters.TCP_ABORT_ON_DATA));
            assertEquals(TRIALS, ObservedTrials.resets(trials), "observing changes nothing: Netty resets every upload");
            ObservedTrials.assertRstsOnlyWhereReset("Netty " + transport + ", observe", trials);
            assertTrue(aborts >= ObservedTrials.resets(trials), "every reset is a kernel abort, on close or on data:"
                    + " the counters rose by " + aborts);
        }
    }
}
