package io.github.sockopt4j.repro;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code sockopt4j repro}: until the reproduction scenarios land, a self-check of this machine
 * (kernel, architecture, JDK, native backend, and whether fd access to JDK sockets works).
 * Exits non-zero when a check fails.
 */
@Command(name = "repro", mixinStandardHelpOptions = true,
        description = "Check that sockopt4j works on this machine (reproduction scenarios: coming).")
final class ReproCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<SelfCheck.Line> lines = SelfCheck.run();
        int width = lines.stream().mapToInt(l -> l.name().length()).max().orElse(0);
        boolean ok = true;
        for (SelfCheck.Line l : lines) {
            System.out.printf("%-" + width + "s  %s  %s%n", l.name(), l.ok() ? "ok  " : "FAIL", l.value());
            ok &= l.ok();
        }
        return ok ? 0 : 1;
    }
}
