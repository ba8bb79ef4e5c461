package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sockopt4j.internal.JdkAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel counters each strategy moves, asserted exactly. The counters are global to a network
 * namespace that other tests on this machine share, so the scenarios run in a child
 * JVM under {@code unshare --net} with its own loopback; that needs root, as CI has.
 */
class CloseCountersTest {

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eachStrategyMovesExactlyItsAbortCounters() throws Exception {
        assumeTrue(run(List.of("unshare", "--net", "true")).exitCode == 0,
                "unshare --net is not permitted here (needs root)");
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> childJvm = new ArrayList<>(List.of(java));
        childJvm.addAll(List.of(JdkAccess.requiredFlags().split(" ")));
        childJvm.addAll(List.of("-cp", System.getProperty("java.class.path"), CloseCountersScenarios.class.getName()));
        String command = "ip link set lo up && exec \"$@\"";
        List<String> argv = new ArrayList<>(List.of("unshare", "--net", "sh", "-c", command, "sh"));
        argv.addAll(childJvm);

        Result result = run(argv);
        System.out.print(result.output);
        assertEquals(0, result.exitCode, result.output);
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + argv + "\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
