package io.github.sockopt4j.close;

import io.github.sockopt4j.NativeSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A loopback TCP connection. X is the side under test (it closes with a {@link Close}
 * strategy), as a blocking {@code SocketChannel} or a {@code java.net.Socket}; Y is the peer, a
 * {@code java.net.Socket}.
 */
final class LoopbackPair implements AutoCloseable {
    enum Kind { CHANNEL, SOCKET }

    final Kind kind;
    /** X as a channel; null for {@link Kind#SOCKET}. */
    final SocketChannel xChannel;
    /** X as a socket: the channel's adaptor for {@link Kind#CHANNEL}. */
    final Socket x;
    final Socket y;

    private LoopbackPair(Kind kind, SocketChannel xChannel, Socket x, Socket y) {
        this.kind = kind;
        this.xChannel = xChannel;
        this.x = x;
        this.y = y;
    }

    static LoopbackPair open(Kind kind) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        Socket y = new Socket();
        if (kind == Kind.CHANNEL) {
            try (ServerSocketChannel server = ServerSocketChannel.open().bind(any)) {
                y.connect(server.getLocalAddress());
                SocketChannel x = server.accept();
                return new LoopbackPair(kind, x, x.socket(), y);
            }
        }
        try (ServerSocket server = new ServerSocket()) {
            server.bind(any);
            y.connect(server.getLocalSocketAddress());
            return new LoopbackPair(kind, null, server.accept(), y);
        }
    }

    NativeSocket xNative() {
        return xChannel != null ? NativeSocket.of(xChannel) : NativeSocket.of(x);
    }

    boolean xOpen() {
        return xChannel != null ? xChannel.isOpen() : !x.isClosed();
    }

    CloseReport plain() throws IOException {
        return xChannel != null ? Close.plain(xChannel) : Close.plain(x);
    }

    CloseReport abortive() throws IOException {
        return xChannel != null ? Close.abortive(xChannel) : Close.abortive(x);
    }

    CloseReport lingering(DrainPolicy policy) throws IOException {
        return xChannel != null ? Close.lingering(xChannel, policy) : Close.lingering(x, policy);
    }

    CloseReport afterAcked(Duration timeout) throws IOException {
        return xChannel != null ? Close.afterAcked(xChannel, timeout) : Close.afterAcked(x, timeout);
    }

    /** X reads exactly {@code n} bytes. */
    void xReadFully(int n) throws IOException {
        byte[] got = x.getInputStream().readNBytes(n);
        if (got.length != n) {
            throw new IOException("X read " + got.length + " of " + n + " bytes");
        }
    }

    int xPort() {
        return x.getLocalPort();
    }

    int yPort() {
        return y.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        try (Socket a = y; Socket b = x) {
            // both closed, whatever state they are in
        }
    }

    @Override
    public String toString() {
        return kind + " " + xPort() + "<->" + yPort();
    }
}
