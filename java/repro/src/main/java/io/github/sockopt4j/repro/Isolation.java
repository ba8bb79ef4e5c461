package io.github.sockopt4j.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario in a JVM of its own inside a fresh network namespace ({@code unshare --net},
 * then {@code ip link set lo up}), so the kernel counters it moves are its alone and its capture
 * sees only its packets. The namespace disappears with the JVM.
 */
final class Isolation {
    /** The JVM flags sockopt4j needs (the same as the CLI jar's manifest and the tests'). */
    private static final List<String> JVM_FLAGS = List.of(
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    private static final long CHILD_LIMIT_SECONDS = Stage.LIMIT.toSeconds() + 30;

    private Isolation() {}

    /** Empty when namespaces can be made here, else why not. */
    static Optional<String> unavailable() {
        try {
            Process p = new ProcessBuilder("unshare", "--net", "--", "ip", "link", "set", "lo", "up")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("unshare --net did not finish");
            }
            return p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("unshare --net failed (needs root or CAP_SYS_ADMIN): " + out);
        } catch (IOException e) {
            return Optional.of("cannot run unshare/ip: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    static Outcome run(Scenario scenario, Optional<Path> pcapDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("unshare", "--net", "--", "sh", "-c",
                "ip link set lo up && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScenarioChild.class.getName(),
                scenario.id()));
        pcapDir.ifPresent(d -> command.add(d.toAbsolutePath().toString()));
        // into a file, not a pipe, so that a child that hangs cannot hang this JVM past the limit
        Path log = Files.createTempFile("sockopt4j-" + scenario.id(), ".out");
        String out;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(CHILD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("the child JVM of " + scenario.id() + " did not end within "
                        + CHILD_LIMIT_SECONDS + " s");
            }
            out = Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
        for (String line : out.split("\n")) {
            if (line.startsWith(ScenarioChild.MARK)) {
                return Json.MAPPER.readValue(line.substring(ScenarioChild.MARK.length()), Outcome.class);
            }
        }
        throw new IOException("the child JVM of " + scenario.id() + " ended without an outcome:\n" + out);
    }
}
