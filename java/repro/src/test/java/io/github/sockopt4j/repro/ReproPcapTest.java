package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pcap a privileged run writes opens in {@code tshark -r}, which sees the same RST the
 * witness saw. tshark is installed with apt-get when missing; when it cannot be, this one
 * check is skipped with the reason (never a silent pass).
 */
class ReproPcapTest {

    @Test
    void pcapOpensInTsharkAndShowsTheReset(@TempDir Path dir) throws Exception {
        Scenario s = Scenarios.byId("tls-alert-late-data").orElseThrow();
        Outcome o = ScenarioRun.run(s, false, Optional.of(dir));
        Assumptions.assumeTrue(o.notes().containsKey("pcap"), "no capture on this machine: " + o.notes().get("wire"));
        Path pcap = Path.of(o.notes().get("pcap"));
        assertTrue(Files.size(pcap) > 24, "pcap has packets");

        Optional<String> missing = ensureTshark();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "tshark check skipped: " + missing.get());
        String all = Processes.ok(120, "tshark", "-r", pcap.toString());
        assertTrue(all.strip().lines().count() >= 8, "handshake, data, FIN and RST:\n" + all);
        String resets = Processes.ok(120, "tshark", "-r", pcap.toString(), "-Y", "tcp.flags.reset == 1",
                "-T", "fields", "-e", "tcp.srcport");
        // the server's port is the destination of the first packet, the client's SYN
        List<String> serverPort = ports(Processes.ok(120, "tshark", "-r", pcap.toString(), "-c", "1", "-T", "fields",
                "-e", "tcp.dstport"));
        assertEquals(1, serverPort.size(), all);
        assertEquals(serverPort, ports(resets), "exactly one RST, from the server:\n" + all);
    }

    /** The port lines of tshark's output (as root it also prints a warning on stderr, which we merge). */
    private static List<String> ports(String out) {
        return out.lines().map(String::strip).filter(l -> l.matches("\\d+")).toList();
    }

    /** Empty when tshark is there (installing it with apt-get if needed), else why not. */
    private static Optional<String> ensureTshark() throws Exception {
        if (Processes.run(30, List.of("sh", "-c", "command -v tshark")).exit() == 0) {
            return Optional.empty();
        }
        Processes.Result r = Processes.run(600, List.of("sh", "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark"));
        return r.exit() == 0 ? Optional.empty()
                : Optional.of("tshark is missing and apt-get could not install it (exit " + r.exit() + "):\n" + r.output());
    }
}
