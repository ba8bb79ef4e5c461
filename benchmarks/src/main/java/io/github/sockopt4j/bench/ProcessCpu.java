package io.github.sockopt4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time a process has used (user + system, all its threads), from {@code /proc/<pid>/stat}.
 * Per request it is a second figure of the server's cost, less moved than requests/s by other
 * work on the machine, which takes cores from the server but not CPU time from its requests.
 */
final class ProcessCpu {
    /** Clock ticks per second, the unit of {@code /proc/<pid>/stat}'s times. */
    private static final long TICKS = ticksPerSecond();

    private ProcessCpu() {}

    static long nanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        // After the command name in parentheses: field 3 (state) first, so utime (14) and stime (15) are 11 and 12.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * TimeUnit.SECONDS.toNanos(1) / TICKS;
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100; // Linux's USER_HZ on every architecture it runs on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
