package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sockopt4j.testkit.clients.RealClient;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code clients} command: its JSON, and a missing client reported (not dropped) with the install command. */
class ClientsCommandTest {

    @Test
    void jsonHasOneCellPerClientWithEveryTrialsOutcome() throws Exception {
        for (RealClient c : List.of(RealClient.CURL, RealClient.PYTHON_HTTP_CLIENT)) {
            assertTrue(c.missing().isEmpty(), () -> c.missing().get());
        }
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = new CommandLine(new Sockopt4jCommand()).execute("clients", "--trials", "2", "--client", "curl",
                    "--client", "python-http.client", "--scenario", "early-413-64KiB", "--close", "lingering", "--json");
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        JsonNode cells = Json.MAPPER.readTree(out);
        assertEquals(2, cells.size(), out);
        for (JsonNode cell : cells) {
            assertEquals(2, cell.get("trials").asInt(), cell.toString());
            assertEquals(2, cell.get("delivered").asInt(), cell.toString());
            assertEquals(2, cell.get("clientSaid").get("HTTP 413").asInt(), cell.toString());
        }
    }

    /** With no client on the PATH, each has its row saying how to install it, and the command fails. */
    @Test
    void aMissingClientIsReportedWithTheInstallCommand() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("sockopt4j.jvmFlags", "").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Sockopt4jCommand.class.getName(),
                "clients", "--trials", "1", "--scenario", "early-413-64KiB", "--close", "lingering"));
        command.removeIf(String::isEmpty);
        File out = File.createTempFile("sockopt4j-clients", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out);
            pb.environment().put("PATH", "/nonexistent");
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command ended");
            String text = Files.readString(out.toPath());
            assertEquals(1, p.exitValue(), text);
            for (String missing : List.of("python-http.client", "python-urllib", "wget", "curl")) {
                assertTrue(text.lines().anyMatch(l -> l.contains(" " + missing + " ") && l.contains("run `make deps`")),
                        missing + " has no row saying how to install it:\n" + text);
            }
            assertTrue(text.lines().anyMatch(l -> l.contains("java-HttpClient") && l.contains("1/1")), text);
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }
}
