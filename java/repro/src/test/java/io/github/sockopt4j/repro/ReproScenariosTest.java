package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario produces the outcome Linux is expected to produce. When this machine can make
 * network namespaces (root, as here and in CI), each runs isolated, with its capture and its
 * own counters, and the test insists on both; otherwise it runs in this JVM and says so.
 */
class ReproScenariosTest {
    private static final Optional<String> NO_ISOLATION = Isolation.unavailable();

    static Stream<String> ids() {
        return Scenarios.all().stream().map(Scenario::id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void outcomeIsTheExpectedOne(String id) throws Exception {
        Scenario s = Scenarios.byId(id).orElseThrow();
        Outcome o = NO_ISOLATION.isEmpty() ? Isolation.run(s, Optional.empty()) : ScenarioRun.run(s, false, Optional.empty());
        assertEquals(List.of(), s.expected().differences(o), "outcome " + o);
        assertEquals(null, o.notes().get("failure"), "the run failed");
        String reportMicros = o.notes().get("server.reportMicros");
        if (reportMicros != null) { // "X close" times the strategy's call only: what its report measured, to the ms
            assertTrue(o.closeMillis() <= Long.parseLong(reportMicros) / 1000 + 1,
                    "X close " + o.closeMillis() + " ms, the report " + reportMicros + " µs");
        }
        if (NO_ISOLATION.isEmpty()) {
            assertTrue(o.isolated(), "the run should have had its own network namespace");
            assertTrue(o.wire(), "a privileged run must decide FIN/RST from the wire: " + o.notes().get("wire"));
            assertEquals(Counters.NAMES.size(), o.counters().size(), "an isolated run measures its counters");
        } else {
            System.out.println(id + ": not isolated (" + NO_ISOLATION.get() + "), counters shared; "
                    + o.notes().get("wire"));
        }
    }

    @Test
    void idsAreUniqueAndShort() {
        List<String> ids = ids().toList();
        assertEquals(ids.size(), ids.stream().distinct().count(), "duplicate id in " + ids);
        ids.forEach(id -> assertTrue(id.matches("[a-z0-9-]{3,26}"), id));
    }
}
