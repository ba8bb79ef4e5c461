package io.github.sockopt4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.TcpCounters;
import io.github.sockopt4j.testkit.AppProcess;
import io.github.sockopt4j.testkit.clients.ObservedTrials;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;

import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code mode=observe}: the servers of {@link RealServerAgentTest} in child JVMs with the agent
 * observing, against Python's {@code http.client} (8 MiB, answered 413 unread). Every client
 * still loses the 413 (nothing changed), and the closes the agent reports (one line each with
 * {@code -Dsockopt4j.agent.debug=true}) say RST only where a client saw the reset, trial by
 * trial; the kernel's abort counters rose by every reset. Mostly every reset is reported (one
 * run: 10, 10, 10, 10 of 10), but a server that read the queue empty just before its close sends
 * FIN while the client still sends, and the kernel's RST follows after the close, where no report
 * sees it (Undertow 9 of 10 and Jetty 8 of 10 in one run each). Trials:
 * {@code -Dsockopt4j.trials} (10).
 */
class AgentObserveModeTest {
    private static final int TRIALS = Integer.getInteger("sockopt4j.trials", 10);
    private static final String OBSERVED = Sockopt4jAgent.PREFIX + "observed: OBSERVED close: ";

    @ParameterizedTest
    @EnumSource(RealServerAgentTest.Server.class)
    @Timeout(300)
    void reportedRstsAreResetsAndTheKernelCountsEvery(RealServerAgentTest.Server server) throws Exception {
        AppProcess app = AppProcess.start(ChildJvm.classPath(), List.of(ChildJvm.agentFlag("mode=observe"),
                "-Dsockopt4j.agent.debug=true"), "Started UploadApp", server.mainClass);
        try {
            assertTrue(app.log().contains(Sockopt4jAgent.PREFIX + "observing closes"), app.log());
            TcpCounters before = TcpCounters.snapshot();
            List<ObservedTrials.Trial> trials = ObservedTrials.run(RealClient.PYTHON_HTTP_CLIENT, app.port(),
                    Upload.of(8 << 20, "/upload"), null, TRIALS, () -> count(app, OBSERVED),
                    () -> count(app, OBSERVED + "RST"));
            System.out.printf("[agent-observe] %-15s %d of %d clients saw a reset, %d RSTs reported%n", server.label,
                    ObservedTrials.resets(trials), TRIALS, trials.stream().mapToInt(ObservedTrials.Trial::rsts).sum());
            assertEquals(TRIALS, ObservedTrials.resets(trials), "observe mode changes nothing: " + server.label
                    + " resets every 8 MiB upload");
            TcpCounters kernel = TcpCounters.delta(before, TcpCounters.snapshot());
            ObservedTrials.assertRstsOnlyWhereReset(server.label + ", mode=observe", trials);
            long aborts = kernel.get(TcpCounters.TCP_ABORT_ON_CLOSE) + kernel.get(TcpCounters.TCP_ABORT_ON_DATA);
            assertTrue(aborts >= TRIALS, "every reset is a kernel abort: the counters rose by " + aborts);
        } finally {
            app.close();
        }
    }

    private static long count(AppProcess app, String prefix) throws Exception {
        return app.log().lines().filter(l -> l.contains(prefix)).count();
    }
}
