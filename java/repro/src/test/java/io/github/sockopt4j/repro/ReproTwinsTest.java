package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java scenarios and their C twins ({@code native/repro_twins.c}, the same steps with the
 * plain socket calls) give the same outcome, scenario by scenario: the library behaves exactly
 * like the C calls it wraps.
 */
class ReproTwinsTest {

    @Test
    void javaAndCAgreeOnEveryScenario(@TempDir Path dir) throws Exception {
        Path source = Path.of(System.getProperty("sockopt4j.nativeDir", "../native"), "repro_twins.c");
        Path binary = dir.resolve("repro_twins");
        Processes.ok(60, "cc", "-O2", "-Wall", "-pthread", "-o", binary.toString(), source.toString());
        Map<String, Map<String, String>> c = parse(Processes.ok(60, binary.toString()));

        assertEquals(Scenarios.all().stream().map(Scenario::id).toList(), c.keySet().stream().toList(),
                "the C twins cover the same scenarios, in the same order");
        for (Scenario s : Scenarios.all()) {
            Outcome j = ScenarioRun.run(s, false, Optional.empty());
            Map<String, String> twin = c.get(s.id());
            Map<String, String> java = new LinkedHashMap<>();
            java.put("events", j.clientEvents().stream().map(Enum::name).collect(Collectors.joining(",")));
            java.put("delivery", j.delivery().name());
            java.put("written", String.valueOf(j.serverWrote()));
            java.put("received", String.valueOf(j.clientReceived()));
            java.put("emitted", j.emitted().name());
            java.put("close_s", String.valueOf(j.closeSeconds()));
            if (!j.drainEnd().isEmpty()) {
                java.put("drain", j.drainEnd());
            }
            if (j.notes().containsKey("server.unreadAfterShutRd")) {
                java.put("unread_after_shutrd", j.notes().get("server.unreadAfterShutRd"));
            }
            if (j.notes().containsKey(ClientLog.SO_ERROR_NOTE)) {
                java.put("so_error", j.notes().get(ClientLog.SO_ERROR_NOTE));
            }
            if (j.notes().containsKey(ClientLog.BLOCKED_WRITE_NOTE)) {
                java.put("blocked_write", j.notes().get(ClientLog.BLOCKED_WRITE_NOTE));
            }
            Map<String, String> twinSameKeys = new LinkedHashMap<>();
            java.keySet().forEach(k -> twinSameKeys.put(k, twin.get(k)));
            assertEquals(java, twinSameKeys, s.id() + ": Java (left) and C (right) differ");
            assertEquals(java.size(), twin.size(), s.id() + ": C reports more: " + twin);
        }
    }

    /** "ID key=value ..." lines. */
    private static Map<String, Map<String, String>> parse(String out) {
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] parts = line.trim().split(" ");
            assertTrue(parts.length > 1 && !parts[0].contains("="), "twin line: " + line);
            Map<String, String> fields = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                fields.put(kv[0], kv[1]);
            }
            byId.put(parts[0], fields);
        }
        return byId;
    }
}
