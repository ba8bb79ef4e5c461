package io.github.sockopt4j.repro;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The JVM {@link Isolation} starts inside a fresh network namespace: runs one scenario and
 * prints its outcome as one JSON line after {@link #MARK}.
 *
 * <p>Arguments: the scenario id, then optionally the pcap directory.
 */
public final class ScenarioChild {
    static final String MARK = "OUTCOME ";

    private ScenarioChild() {}

    public static void main(String[] args) throws Exception {
        Scenario s = Scenarios.byId(args[0])
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + args[0]));
        Optional<Path> pcap = args.length > 1 ? Optional.of(Path.of(args[1])) : Optional.empty();
        Outcome o = ScenarioRun.run(s, true, pcap);
        System.out.println(MARK + Json.MAPPER.writeValueAsString(o));
        System.exit(0); // the client's and the capture's threads are daemons or done; do not wait for timers
    }
}
