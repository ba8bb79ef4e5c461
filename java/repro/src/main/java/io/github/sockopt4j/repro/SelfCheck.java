package io.github.sockopt4j.repro;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.TcpOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code sockopt4j repro} reports about this machine, each line checked for real. */
public final class SelfCheck {
    /** One line of the report. */
    public record Line(String name, boolean ok, String value) {}

    private SelfCheck() {}

    public static List<Line> run() {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("kernel", true, kernel()));
        lines.add(new Line("architecture", true, System.getProperty("os.arch")));
        lines.add(new Line("jdk", true, Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"));
        try {
            lines.add(new Line("native backend", true, NativeSocket.backend()));
        } catch (RuntimeException | LinkageError e) {
            Throwable why = e.getCause() != null ? e.getCause() : e; // class init wraps the real reason
            lines.add(new Line("native backend", false, why.toString()));
            return lines;
        }
        Optional<String> unavailable = NativeSocket.unavailableReason();
        lines.add(new Line("native access", unavailable.isEmpty(), unavailable.orElse("available")));
        lines.add(fdAccess());
        return lines;
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }

    /** A loopback pair: set and read back TCP_NODELAY, and see the peer's bytes as unread. */
    private static Line fdAccess() {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            NativeSocket s = NativeSocket.of(accepted);
            s.set(TcpOptions.TCP_NODELAY, true);
            boolean nodelay = s.get(TcpOptions.TCP_NODELAY);
            client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            int unread = 0;
            for (int i = 0; i < 1000 && unread < 3; i++) { // loopback delivery is immediate; bounded anyway
                unread = s.unreadBytes();
                if (unread < 3) {
                    Thread.sleep(1);
                }
            }
            boolean ok = nodelay && unread == 3;
            return new Line("fd access", ok, "fd " + s.fd() + ": TCP_NODELAY read back " + nodelay
                    + ", unread bytes " + unread + " of 3");
        } catch (Exception | LinkageError e) {
            return new Line("fd access", false, e.getMessage());
        }
    }
}
