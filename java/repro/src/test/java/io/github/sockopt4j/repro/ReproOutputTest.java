package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the reproduction table and JSON say is what the scenario did. */
class ReproOutputTest {
    /** The size of each of early-response-client's upload writes (Scenarios.earlyResponse). */
    private static final int UPLOAD_WRITE = 16 * 1024;
    private static final Pattern UPLOAD_RUN =
            Pattern.compile("(?:(\\d+) x )?write of " + UPLOAD_WRITE + " B: (\\d+) B");
    private static final Pattern UPLOAD_RESET =
            Pattern.compile("write of " + UPLOAD_WRITE + " B: ECONNRESET after (\\d+) B of it");

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
        // The upload: whole writes, as one counted run or none (how many fit before the RST is
        // timing), then the one write the RST fails, with the bytes it had put through.
        int failed = calls.get(1).startsWith("write of " + UPLOAD_WRITE + " B: ECONNRESET") ? 1 : 2;
        long whole = 0;
        if (failed == 2) {
            Matcher run = UPLOAD_RUN.matcher(calls.get(1));
            assertTrue(run.matches(), calls.toString());
            whole = Long.parseLong(run.group(2));
            long writes = run.group(1) == null ? 1 : Long.parseLong(run.group(1));
            assertEquals(writes * UPLOAD_WRITE, whole, "whole writes: " + calls);
        }
        Matcher reset = UPLOAD_RESET.matcher(calls.get(failed));
        assertTrue(reset.matches(), calls.toString());
        long partial = Long.parseLong(reset.group(1));
        assertTrue(partial < UPLOAD_WRITE, calls.toString());
        // X closed only once some of the upload had reached it: bytes Y's writes put through.
        assertTrue(whole + partial > 0, "no upload byte before the RST: " + calls);
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
