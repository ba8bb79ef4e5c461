package io.github.sockopt4j.repro;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The table {@code sockopt4j repro} prints: one row per scenario, then what differed. */
final class ReproTable {
    private static final String[] HEADER = {"scenario", "X does", "X emitted", "X close", "Y got/expected", "Y's calls",
        "counters", "verdict"};

    private ReproTable() {}

    static void print(PrintStream out, List<ScenarioResult> results, int repeat) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ScenarioResult r : results) {
            Outcome o = r.first();
            rows.add(new String[] {
                r.scenario().id(),
                r.scenario().serverDoes(),
                o.emitted() + (o.wire() ? "" : "?"),
                o.closeMillis() + " ms",
                o.clientReceived() + "/" + o.serverWrote() + " B " + o.delivery(),
                o.clientEvents().stream().map(Enum::name).collect(Collectors.joining(" ")),
                counters(o),
                verdict(r, repeat)});
        }
        TextTable.print(out, rows);
        for (ScenarioResult r : results) {
            for (String d : r.differences()) {
                out.println("  " + r.scenario().id() + ": " + d);
            }
            out.println("  " + r.scenario().id() + ": Y's calls: " + r.first().notes().get("client.calls"));
            String failure = r.first().notes().get("failure");
            if (failure != null) {
                out.println("  " + r.scenario().id() + ": " + failure);
            }
        }
    }

    private static String counters(Outcome o) {
        if (o.counters().isEmpty()) {
            return "-";
        }
        String moved = o.counters().entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey().replace("TCPAbort", "Abort") + "+" + e.getValue())
                .sorted().collect(Collectors.joining(" "));
        return (moved.isEmpty() ? "none" : moved) + (o.isolated() ? "" : " (shared)");
    }

    private static String verdict(ScenarioResult r, int repeat) {
        String v = r.asExpected() ? "as expected" : "DIFFERS";
        if (repeat > 1) {
            v += r.identical() ? ", identical x" + repeat : ", NOT identical over " + repeat;
        }
        return v;
    }
}
