package example.consumer;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.TcpInfo;
import io.github.sockopt4j.TcpOptions;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.DrainPolicy;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the README promises, run from outside the build: an option set and read back, TCP_INFO, a
 * lingering close whose bytes reach the peer; and that the jar holds the library only.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        String path = args.length > 0 ? args[0] : "?";
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                SocketChannel accepted = server.accept();
                NativeSocket socket = NativeSocket.of(accepted);
                socket.set(TcpOptions.TCP_NODELAY, true);
                check(socket.get(TcpOptions.TCP_NODELAY), "TCP_NODELAY reads back true");
                TcpInfo info = socket.tcpInfo();
                check(info.state() == TcpState.ESTABLISHED, "TCP_INFO says ESTABLISHED, not " + info.state());

                byte[] response = "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                accepted.write(ByteBuffer.wrap(response));
                client.write(ByteBuffer.wrap(new byte[1000])); // unread by the server: a plain close would RST
                Thread reader = new Thread(() -> readAllThenClose(client));
                reader.start();
                CloseReport report = Close.lingering(accepted, DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(5)));
                reader.join(10_000);
                check(report.drainEnd() == DrainEnd.PEER_EOF, "the lingering close ends at the peer's EOF: " + report);
                check(!report.sentReset(), "the lingering close sends FIN, not RST: " + report);
                check(received != null && received.equals(new String(response, StandardCharsets.US_ASCII)),
                        "the peer read the whole response, got: " + received);
            }
        }
        check(!resolvable("io.github.sockopt4j.repro.Sockopt4jCommand"), "the library jar holds no CLI classes");
        Module library = NativeSocket.class.getModule();
        if (library.isNamed()) {
            check(!library.isExported("io.github.sockopt4j.internal"), "io.github.sockopt4j.internal is not exported");
            check(library.isExported("io.github.sockopt4j.close"), "io.github.sockopt4j.close is exported");
        }
        System.out.println("consumer OK on the " + path + " (" + (library.isNamed() ? "module " + library.getName() : "unnamed module")
                + ", backend " + NativeSocket.backend() + ", " + Runtime.version() + ")");
    }

    private static volatile String received;

    private static void readAllThenClose(SocketChannel client) {
        try (client; InputStream in = client.socket().getInputStream()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            received = all.toString(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            received = "error: " + e;
        }
    }

    private static boolean resolvable(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("consumer FAILED: " + what);
            System.exit(1);
        }
    }
}
