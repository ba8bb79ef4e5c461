package io.github.sockopt4j.agent.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Closes sockets of every kind the agent takes or leaves alone, in a child JVM, and prints one
 * line per case: what the peer saw. No sockopt4j in it; the test starts it with and without the agent.
 */
public final class CloseProbe {
    private static final int RESPONSE = 256 * 1024;

    private CloseProbe() {}

    public static void main(String[] args) throws Exception {
        boolean present;
        try {
            Class.forName("sun.nio.ch.Sockopt4jCloseDispatch", false, null);
            present = true;
        } catch (ClassNotFoundException e) {
            present = false;
        }
        System.out.println("dispatcher: " + (present ? "present" : "absent"));
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(any)) {
            System.out.println("early response, channel: " + earlyResponse(listener));
            System.out.println("SO_LINGER {1, 0}: " + abortive(listener));
            System.out.println("input shut down, late data, channel: " + inputShutLateData(listener));
            System.out.println("nothing unread, channel: " + nothingUnread(listener));
        }
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("early response, socket: " + earlySocketResponse(listener));
            if (Runtime.version().feature() >= 21) { // compiled for 17: the virtual thread through reflection
                String[] out = new String[1];
                Thread t = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null,
                        (Runnable) () -> {
                            try {
                                out[0] = earlySocketResponse(listener);
                            } catch (Exception e) {
                                out[0] = e.toString();
                            }
                        });
                t.join(30_000);
                System.out.println("early response, socket on a virtual thread: " + out[0]);
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a listening Socket's close: nothing to take
        }
        SocketChannel.open().close(); // never connected
        Path unix = Files.createTempDirectory("probe").resolve("s");
        try (ServerSocketChannel u = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(unix));
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(unix));
             SocketChannel accepted = u.accept()) {
            client.write(ByteBuffer.wrap(new byte[100]));
        }
        Files.deleteIfExists(unix);
        System.out.println("done");
        System.out.flush();
        Thread.sleep(300); // the agent's debug lines, printed on the closer's thread meanwhile
    }

    /** The peer sends 64 KiB that X never reads; X writes 256 KiB and closes: what the peer reads. */
    private static String earlyResponse(ServerSocketChannel listener) throws Exception {
        try (Socket peer = new Socket()) {
            peer.connect(listener.getLocalAddress());
            SocketChannel x = listener.accept();
            peer.getOutputStream().write(new byte[64 * 1024]);
            Thread.sleep(100); // the request is queued at X, unread
            ByteBuffer b = ByteBuffer.allocate(RESPONSE);
            while (b.hasRemaining()) {
                x.write(b);
            }
            x.close();
            return read(peer);
        }
    }

    /** {@link #earlyResponse} with a {@code java.net.Socket} (NioSocketImpl) as X. */
    private static String earlySocketResponse(ServerSocket listener) throws Exception {
        try (Socket peer = new Socket()) {
            peer.connect(listener.getLocalSocketAddress());
            Socket x = listener.accept();
            peer.getOutputStream().write(new byte[64 * 1024]);
            Thread.sleep(100);
            x.getOutputStream().write(new byte[RESPONSE]);
            x.close();
            return read(peer);
        }
    }

    /**
     * Helidon's close: X shuts its input down, writes 256 KiB and closes; the peer then sends 1 MiB
     * more (late data), half-closes, and reads. Linux resets a socket that gets data after SHUT_RD
     * and our FIN.
     */
    private static String inputShutLateData(ServerSocketChannel listener) throws Exception {
        try (Socket peer = new Socket()) {
            peer.connect(listener.getLocalAddress());
            SocketChannel x = listener.accept();
            peer.getOutputStream().write(new byte[64 * 1024]);
            Thread.sleep(100);
            x.shutdownInput();
            ByteBuffer b = ByteBuffer.allocate(RESPONSE);
            while (b.hasRemaining()) {
                x.write(b);
            }
            x.close();
            Thread.sleep(100);
            try {
                peer.getOutputStream().write(new byte[1 << 20]);
                peer.shutdownOutput();
            } catch (SocketException e) {
                return "sending the late data: " + e.getMessage();
            }
            return read(peer);
        }
    }

    /** X writes 10 bytes and closes; the peer sent nothing: a close with nothing to drain. */
    private static String nothingUnread(ServerSocketChannel listener) throws Exception {
        try (Socket peer = new Socket()) {
            peer.connect(listener.getLocalAddress());
            SocketChannel x = listener.accept();
            x.write(ByteBuffer.wrap(new byte[10]));
            x.close();
            return read(peer);
        }
    }

    private static String abortive(ServerSocketChannel listener) throws Exception {
        try (Socket peer = new Socket()) {
            peer.connect(listener.getLocalAddress());
            SocketChannel x = listener.accept();
            x.socket().setSoLinger(true, 0);
            x.write(ByteBuffer.wrap(new byte[10]));
            Thread.sleep(100);
            x.close();
            return read(peer);
        }
    }

    private static String read(Socket peer) throws IOException {
        peer.setSoTimeout(10_000);
        long n = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = peer.getInputStream();
            for (int r; (r = in.read(buffer)) >= 0; ) {
                n += r;
            }
            return "EOF after " + n + " bytes";
        } catch (SocketException e) {
            return (String.valueOf(e.getMessage()).startsWith("Connection reset") ? "RESET" : e.toString())
                    + " after " + n + " bytes";
        }
    }
}
