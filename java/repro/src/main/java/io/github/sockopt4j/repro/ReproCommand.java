package io.github.sockopt4j.repro;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sockopt4j repro}: runs the reproductions of TCP close data loss on loopback and prints
 * what happened against what Linux is expected to do. Exits 1 when an outcome differs from the
 * expectation or, with {@code --repeat}, when the runs of a scenario differ from each other.
 */
@Command(name = "repro", mixinStandardHelpOptions = true,
        description = "Reproduce when TCP close loses data (RST) and how each close strategy behaves.")
final class ReproCommand implements Callable<Integer> {

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = "--scenario", paramLabel = "ID", description = "Run only this scenario (repeatable).")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "Print the outcomes as JSON instead of the table.")
    boolean json;

    @Option(names = "--pcap", paramLabel = "DIR", description = "Write each scenario's packets to DIR/<id>.pcap.")
    Path pcapDir;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Run every scenario N times and report whether the outcomes were identical.")
    int repeat;

    @Option(names = "--no-isolation", description = "Run in this JVM, without a network namespace per scenario.")
    boolean noIsolation;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<Scenario> scenarios = select();
        if (list) {
            scenarios.forEach(s -> out.printf("%-26s %s%n", s.id(), s.serverDoes()));
            return 0;
        }
        if (repeat < 1 || repeat > 100) {
            throw new IllegalArgumentException("--repeat " + repeat + " is out of range: [1, 100]");
        }
        Optional<String> noNamespace = noIsolation ? Optional.of("--no-isolation") : Isolation.unavailable();
        if (!json) {
            header(out, noNamespace);
        }
        boolean terminal = System.console() != null;
        Map<Scenario, List<Outcome>> outcomes = new LinkedHashMap<>();
        int total = scenarios.size() * repeat;
        int done = 0;
        for (int r = 0; r < repeat; r++) {
            for (Scenario s : scenarios) {
                if (terminal) {
                    System.err.printf("\r[%d/%d] %-30s", ++done, total, s.id());
                }
                Optional<Path> pcap = r == 0 ? Optional.ofNullable(pcapDir) : Optional.empty();
                Outcome o = noNamespace.isEmpty() ? Isolation.run(s, pcap) : ScenarioRun.run(s, false, pcap);
                outcomes.computeIfAbsent(s, k -> new ArrayList<>()).add(o);
            }
        }
        if (terminal) {
            System.err.printf("\r%-45s\r", "");
        }
        List<ScenarioResult> results = new ArrayList<>();
        outcomes.forEach((s, os) -> results.add(ScenarioResult.of(s, os)));
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(JsonReport.of(results)));
        } else {
            ReproTable.print(out, results, repeat);
            legend(out, results, noNamespace);
        }
        boolean ok = results.stream().allMatch(r -> r.asExpected() && r.identical());
        return ok ? 0 : 1;
    }

    private List<Scenario> select() {
        if (only.isEmpty()) {
            return Scenarios.all();
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String id : only) {
            chosen.add(Scenarios.byId(id).orElseThrow(() -> new IllegalArgumentException(
                    "no scenario " + id + "; --list shows them")));
        }
        return chosen;
    }

    private static void header(PrintStream out, Optional<String> noNamespace) {
        for (SelfCheck.Line l : SelfCheck.run()) {
            out.printf("%-15s %s%s%n", l.name(), l.value(), l.ok() ? "" : "  FAILED");
        }
        out.printf("%-15s %s%n", "isolation", noNamespace.isEmpty() ? "a network namespace per scenario"
                : "none (" + noNamespace.get() + "): counters are shared with the rest of the machine");
        out.println();
    }

    private static void legend(PrintStream out, List<ScenarioResult> results, Optional<String> noNamespace) {
        boolean wire = results.stream().allMatch(r -> r.first().wire());
        out.println();
        out.println(wire ? "X emitted: seen on the wire (AF_PACKET capture of lo)."
                : "X emitted: '?' = inferred from Y's calls, " + results.get(0).first().notes().getOrDefault("wire", "")
                        + ".");
        out.println("Y's calls: Y's read/write results in order (repeats merged); below the table, every call"
                + " counted, with its size and the bytes a failing write put through.");
        boolean counted = results.stream().anyMatch(r -> !r.first().counters().isEmpty());
        out.println(!counted ? "Counters: '-' = not measured."
                : noNamespace.isEmpty() ? "Counters: TcpExt/Tcp deltas in the scenario's own network namespace."
                : "Counters: TcpExt/Tcp deltas, shared with the rest of the machine (not asserted).");
    }
}
