package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pcap a privileged run writes opens in {@code tshark -r}, which sees the same RST the
 * witness saw. Needs root (the capture's {@code AF_PACKET} socket) and tshark, which
 * {@code make deps} installs; without either it fails and says what to do.
 */
class ReproPcapTest {

    @Test
    void pcapOpensInTsharkAndShowsTheReset(@TempDir Path dir) throws Exception {
        Scenario s = Scenarios.byId("tls-alert-late-data").orElseThrow();
        Outcome o = ScenarioRun.run(s, false, Optional.of(dir));
        assertTrue(o.notes().containsKey("pcap"), () -> "no capture (" + o.notes().get("wire")
                + "): run the tests as root, as CI does");
        Path pcap = Path.of(o.notes().get("pcap"));
        assertTrue(Files.size(pcap) > 24, "pcap has packets");

        assertEquals(0, Processes.run(30, List.of("sh", "-c", "command -v tshark")).exit(),
                "tshark is not installed: run `make deps` (it installs the Debian package tshark)");
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
}
