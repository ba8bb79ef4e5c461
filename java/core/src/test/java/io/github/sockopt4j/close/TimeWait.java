package io.github.sockopt4j.close;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Counts TIME_WAIT sockets of one loopback connection with {@code ss}. */
final class TimeWait {
    private TimeWait() {}

    static long count(int portA, int portB) throws IOException, InterruptedException {
        String a = ":" + portA;
        String b = ":" + portB;
        Process ss = new ProcessBuilder(List.of("ss", "-tanH", "state", "time-wait",
                "(", "sport", "=", a, "and", "dport", "=", b, ")", "or",
                "(", "sport", "=", b, "and", "dport", "=", a, ")"))
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            throw new IOException("ss failed: " + out);
        }
        return out.lines().filter(line -> !line.isBlank()).count();
    }
}
