package io.github.sockopt4j.repro;

import io.github.sockopt4j.TcpOptions;
import io.github.sockopt4j.internal.KernelSupport;
import io.github.sockopt4j.internal.NativeOption;
import java.net.SocketOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code sockopt4j platform}: this machine (kernel, architecture, JDK, native backend) and which
 * options of {@link TcpOptions} the running kernel has, each probed on a scratch socket.
 * Exits non-zero when a machine check fails; an option the kernel lacks is reported, not a failure.
 */
@Command(name = "platform", mixinStandardHelpOptions = true,
        description = "Show the kernel, architecture, JDK, native backend and the option support matrix.")
final class PlatformCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<SelfCheck.Line> lines = SelfCheck.run();
        int width = lines.stream().mapToInt(l -> l.name().length()).max().orElse(0);
        boolean ok = true;
        for (SelfCheck.Line l : lines) {
            System.out.printf("%-" + width + "s  %s  %s%n", l.name(), l.ok() ? "ok  " : "FAIL", l.value());
            ok &= l.ok();
        }
        System.out.println();
        System.out.println("option support on this kernel (getsockopt on a scratch socket):");
        int nameWidth = TcpOptions.all().stream().mapToInt(o -> o.name().length()).max().orElse(0);
        for (SocketOption<?> option : TcpOptions.all()) {
            NativeOption<?> o = NativeOption.of(option);
            String level;
            KernelSupport.Result r;
            try {
                level = o.levelName();
                r = KernelSupport.probe(o);
            } catch (RuntimeException | LinkageError e) {
                level = "?";
                r = new KernelSupport.Result(false, e.getMessage());
            }
            System.out.printf("  %-" + nameWidth + "s  %-12s  %-14s  %s%s%n", o.name(), level,
                    o.type().getSimpleName(), r.supported() ? "yes" : "NO ", o.isReadOnly() ? "  (read-only)" : "");
            if (!r.supported()) {
                System.out.println("      " + r.detail());
            }
        }
        return ok ? 0 : 1;
    }
}
