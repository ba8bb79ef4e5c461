package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the reproduction table and JSON say is what the scenario did. */
class ReproOutputTest {

    /** X reads the request's headers and none of the upload; Y's calls show the headers' write apart. */
    @Test
    void earlyResponseSaysWhatXReadAndShowsEveryWrite() throws Exception {
        Scenario s = Scenarios.byId("early-response-client").orElseThrow();
        Outcome o = ScenarioRun.run(s, false, Optional.empty());
        assertEquals(String.valueOf(Scenarios.REQUEST), o.notes().get("server.bytesRead"), o.toString());
        assertTrue(s.serverDoes().startsWith("reads the " + Scenarios.REQUEST / 1024 + " KiB headers, none of the upload"),
                s.serverDoes());
        List<String> calls = Arrays.asList(o.notes().get("client.calls").split("; "));
        assertEquals("write of " + Scenarios.REQUEST + " B: " + Scenarios.REQUEST + " B", calls.get(0), calls.toString());
        // One whole upload write or several (a run is counted): how many fit before the RST is timing.
        assertTrue(calls.get(1).matches("(\\d+ x )?write of 16384 B: \\d+ B"), calls.toString());
        assertTrue(calls.get(2).matches("write of 16384 B: ECONNRESET after \\d+ B of it"), calls.toString());
    }

    /** The trickle never lands at the instant the total timeout ends the drain. */
    @Test
    void theTricklePeriodStaysClearOfTheTotalTimeout() {
        long period = CloseScenarios.TRICKLE.toMillis();
        long rest = CloseScenarios.TOTAL_LIMITED.totalTimeout().toMillis() % period;
        assertTrue(Math.min(rest, period - rest) >= period / 4, "a trickled byte lands " + rest + " ms from the deadline");
        assertTrue(period < CloseScenarios.TOTAL_LIMITED.idleTimeout().toMillis(), "the trickle must beat the idle timeout");
    }

    /** --repeat judges what the expectation judges: a counter it leaves out may differ between runs. */
    @Test
    void repeatsIgnoreTheCountersTheExpectationIgnores() {
        Scenario s = Scenarios.byId("tls-alert-late-data").orElseThrow();
        assertFalse(s.expected().counters().containsKey("TCPAbortOnData"), "the premise: not judged");
        Outcome moved = outcome(s, Map.of("OutRsts", 1L, "TCPAbortOnClose", 0L, "TCPAbortOnData", 1L));
        Outcome still = outcome(s, Map.of("OutRsts", 1L, "TCPAbortOnClose", 0L, "TCPAbortOnData", 0L));
        Outcome twoResets = outcome(s, Map.of("OutRsts", 2L, "TCPAbortOnClose", 0L, "TCPAbortOnData", 0L));
        assertTrue(ScenarioResult.of(s, List.of(moved, still)).identical());
        assertFalse(ScenarioResult.of(s, List.of(still, twoResets)).identical());
    }

    private static Outcome outcome(Scenario s, Map<String, Long> counters) {
        Expectation e = s.expected();
        return new Outcome(s.id(), 5, 5, e.delivery(), e.clientEvents(), e.emitted(), true, e.rstSequence(), counters,
                true, 0, e.drainEnd(), Map.of());
    }
}
