package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command for a test, bounded in time; its exit code and output (stdout and stderr). */
final class Processes {
    private Processes() {}

    record Result(int exit, String output) {}

    static Result run(int seconds, List<String> command) throws IOException, InterruptedException {
        File out = File.createTempFile("sockopt4j-cmd", ".out");
        try {
            // into a file, not a pipe: a chatty command (apt-get) must not block on a full pipe
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + seconds + " s: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    static String ok(int seconds, String... command) throws IOException, InterruptedException {
        Result r = run(seconds, List.of(command));
        assertEquals(0, r.exit(), String.join(" ", command) + " failed:\n" + r.output());
        return r.output();
    }
}
