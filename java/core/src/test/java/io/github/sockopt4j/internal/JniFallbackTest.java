package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the JNI library cannot be loaded, the default falls back to JNA and forcing JNI says why. */
class JniFallbackTest {
    private static final String NO_DIR = "/nonexistent/sockopt4j-native";

    /** Runs in a child JVM whose extraction directory does not exist; prints the default, then the refusal. */
    public static void main(String[] args) {
        System.out.println("default " + Backends.current().name());
        try {
            System.out.println("forced " + Backends.choose("jni").name());
        } catch (IllegalArgumentException e) {
            System.out.println("refused " + e.getMessage());
        }
    }

    @Test
    void anUnloadableLibraryFallsBackToJnaAndForcingItSaysWhy() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-D" + JniLibrary.WORK_DIR_PROPERTY + "=" + NO_DIR,
                "-cp", System.getProperty("java.class.path"), JniFallbackTest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        // JDK 24+ warns on stderr about native access (this child runs without the flags).
        List<String> lines = out.strip().lines().filter(l -> !l.startsWith("WARNING:") && !l.startsWith("SLF4J"))
                .toList();
        assertEquals(2, lines.size(), out);
        assertEquals("default jna", lines.get(0), out);
        String refusal = lines.get(1);
        assertTrue(refusal.startsWith("refused -Dsockopt4j.backend=jni: sockopt4j's JNI library did not load: extracting "
                + JniLibrary.resource()), refusal);
        assertTrue(refusal.contains(NO_DIR) && refusal.contains("-D" + JniLibrary.WORK_DIR_PROPERTY), refusal);
    }
}
