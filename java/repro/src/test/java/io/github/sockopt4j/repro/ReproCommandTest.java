package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code repro} command: listing, JSON, repeats, and the exit code when an outcome differs. */
class ReproCommandTest {

    private record Run(int exit, String out) {}

    private static Run repro(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int exit = new CommandLine(new Sockopt4jCommand()).execute(
                    java.util.stream.Stream.concat(java.util.stream.Stream.of("repro"), java.util.Arrays.stream(args))
                            .toArray(String[]::new));
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void listNamesEveryScenario() {
        Run r = repro("--list");
        assertEquals(0, r.exit());
        Scenarios.all().forEach(s -> assertTrue(r.out().contains(s.id()), s.id()));
    }

    @Test
    void jsonWithRepeatsReportsIdenticalExpectedOutcomes() throws Exception {
        Run r = repro("--scenario", "unread-close-small", "--scenario", "shutwr-close-small", "--repeat", "2", "--json");
        assertEquals(0, r.exit(), r.out());
        JsonNode scenarios = Json.MAPPER.readTree(r.out()).get("scenarios");
        assertEquals(2, scenarios.size());
        for (JsonNode s : scenarios) {
            assertEquals(2, s.get("outcomes").size());
            assertTrue(s.get("asExpected").asBoolean() && s.get("identical").asBoolean(), s.toString());
        }
        assertEquals("FIN_THEN_RST", scenarios.get(1).get("outcomes").get(0).get("emitted").asText());
    }

    @Test
    void tableHasOneRowPerScenarioAndAVerdict() {
        Run r = repro("--scenario", "abortive-linger-zero", "--no-isolation");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("abortive-linger-zero") && l.endsWith("as expected")),
                r.out());
        assertTrue(r.out().contains("counters are shared"), r.out());
    }

    @Test
    void anUnexpectedOutcomeIsNotAsExpectedNorIdentical() {
        Scenario s = Scenarios.byId("unread-close-small").orElseThrow();
        Outcome expected = new Outcome(s.id(), 72, 72, Delivery.ALL, s.expected().clientEvents(), Emitted.RST, true,
                RstSequence.EXACT, Map.of(), false, 3, "", Map.of());
        Outcome fin = new Outcome(s.id(), 72, 72, Delivery.ALL, s.expected().clientEvents(), Emitted.FIN, true,
                RstSequence.NO_RST, Map.of(), false, 3, "", Map.of());
        assertTrue(ScenarioResult.of(s, List.of(expected)).asExpected());
        ScenarioResult mixed = ScenarioResult.of(s, List.of(expected, fin));
        assertFalse(mixed.asExpected());
        assertFalse(mixed.identical());
        assertEquals(List.of("X emitted: expected RST, got FIN", "RST sequence: expected EXACT, got NO_RST"),
                ScenarioResult.of(s, List.of(fin)).differences());
    }
}
