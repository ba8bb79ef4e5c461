package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java constant table must agree with the system's C headers, entry by entry. */
class ConstantTableTest {

    /** Compiles native/probe.c with the system C compiler and parses its "NAME VALUE" lines. */
    static Map<String, Long> probe(Path workDir) throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("sockopt4j.nativeDir", "../native"), "probe.c");
        Path binary = workDir.resolve("probe");
        run(workDir, "cc", "-Wall", "-o", binary.toString(), source.toString());
        String out = run(workDir, binary.toString());
        Map<String, Long> values = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            assertEquals(2, parts.length, "probe line: " + line);
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        return values;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    @Test
    void javaTableMatchesTheSystemHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> fromHeaders = probe(dir);
        Map<String, Long> inJava = ConstantTable.entries();
        assertFalse(fromHeaders.isEmpty());
        for (Map.Entry<String, Long> e : fromHeaders.entrySet()) {
            assertEquals(e.getValue(), inJava.get(e.getKey()), "constant " + e.getKey());
        }
        for (String name : LinuxTable.FROM_HEADERS.keySet()) {
            assertTrue(fromHeaders.containsKey(name), name + " is in the headers part of the Java table"
                    + " but probe.c does not print it");
        }
    }

    @Test
    void unknownNameIsAClearError() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> ConstantTable.get("SO_NO_SUCH_OPTION"));
        assertTrue(e.getMessage().contains("SO_NO_SUCH_OPTION") && e.getMessage().contains("Linux"),
                e.getMessage());
    }

    @Test
    void errnoNamesComeFromTheTable() {
        assertEquals("ENOPROTOOPT", Errno.name(ConstantTable.get("ENOPROTOOPT")));
        assertEquals("errno 4095", Errno.name(4095));
    }
}
