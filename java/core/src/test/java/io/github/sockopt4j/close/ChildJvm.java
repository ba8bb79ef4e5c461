package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test's {@code main} in a JVM of its own, for what only a fresh JVM can show (flags, scheduler, OS). */
final class ChildJvm {
    private ChildJvm() {}

    /** The JVM flags the build gives the tests, and the backend forced for this run, if any. */
    static List<String> testFlags() {
        List<String> flags = new ArrayList<>(List.of(System.getProperty("sockopt4j.jvmFlags").strip().split("\\s+")));
        String backend = System.getProperty("sockopt4j.backend");
        if (backend != null && !backend.isBlank()) {
            flags.add("-Dsockopt4j.backend=" + backend);
        }
        return flags;
    }

    /** Runs {@code main} with {@code jvmArgs} on this JVM's class path; its output, once it exited 0. */
    static String run(List<String> jvmArgs, Class<?> main, int timeoutSeconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
