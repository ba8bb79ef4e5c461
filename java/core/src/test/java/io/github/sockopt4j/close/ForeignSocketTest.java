package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sockets that are not the JDK's own (a {@code Socket} with a {@code SocketImpl} of its own, a
 * {@code SocketChannel} of another provider): sockopt4j cannot reach their fd, so every strategy
 * refuses them, and closes them first with their own {@code close()}: handed an open socket, a
 * strategy never leaves it open.
 */
@Timeout(30)
class ForeignSocketTest {

    @FunctionalInterface
    interface SocketStrategy {
        CloseReport close(Socket s) throws IOException;
    }

    @FunctionalInterface
    interface ChannelStrategy {
        Object close(SocketChannel c) throws IOException;
    }

    private static final List<SocketStrategy> SOCKET_STRATEGIES = List.of(Close::plain, Close::abortive,
            Close::lingering, s -> Close.afterAcked(s, Duration.ofSeconds(1)));
    private static final List<ChannelStrategy> CHANNEL_STRATEGIES = List.of(Close::plain, Close::abortive,
            Close::lingering, c -> Close.afterAcked(c, Duration.ofSeconds(1)));

    @Test
    void aSocketWithItsOwnSocketImplIsClosedThenRefused() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            for (SocketStrategy strategy : SOCKET_STRATEGIES) {
                ForwardingImpl impl = new ForwardingImpl();
                Socket socket = new Socket(impl) {};
                socket.connect(server.getLocalSocketAddress());
                try (Socket peer = server.accept()) {
                    socket.getOutputStream().write(new byte[] {1, 2, 3});
                    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                            () -> strategy.close(socket));
                    assertTrue(e.getMessage().contains(ForwardingImpl.class.getName())
                            && e.getMessage().endsWith("It was closed with its own close()"), e.getMessage());
                    assertTrue(socket.isClosed() && impl.real.isClosed(), "the socket was left open");
                    peer.setSoTimeout(5_000);
                    InputStream in = peer.getInputStream();
                    assertArrayEquals(new byte[] {1, 2, 3}, in.readNBytes(3));
                    assertEquals(-1, in.read(), "the peer sees the close");
                }
            }
        }
    }

    @Test
    void aChannelOfAnotherProviderIsClosedThenRefused() throws Exception {
        for (ChannelStrategy strategy : CHANNEL_STRATEGIES) {
            StubChannel channel = new StubChannel();
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> strategy.close(channel));
            assertTrue(e.getMessage().endsWith("It was closed with its own close()"), e.getMessage());
            assertFalse(channel.isOpen());
            assertEquals(1, channel.closes);
        }
        try (LingeringCloser closer = LingeringCloser.start()) {
            StubChannel channel = new StubChannel();
            assertThrows(UnsupportedOperationException.class, () -> closer.submit(channel));
            assertFalse(channel.isOpen());
        }
    }

    /** A {@code SocketImpl} of its own: every call goes to a plain {@code Socket} it holds. */
    static final class ForwardingImpl extends SocketImpl {
        final Socket real = new Socket();

        @Override
        protected void create(boolean stream) {}

        @Override
        protected void connect(String host, int port) throws IOException {
            real.connect(new InetSocketAddress(host, port));
        }

        @Override
        protected void connect(InetAddress address, int port) throws IOException {
            real.connect(new InetSocketAddress(address, port));
        }

        @Override
        protected void connect(SocketAddress address, int timeout) throws IOException {
            real.connect(address, timeout);
        }

        @Override
        protected void bind(InetAddress host, int port) {
            throw new UnsupportedOperationException("bind");
        }

        @Override
        protected void listen(int backlog) {
            throw new UnsupportedOperationException("listen");
        }

        @Override
        protected void accept(SocketImpl s) {
            throw new UnsupportedOperationException("accept");
        }

        @Override
        protected InputStream getInputStream() throws IOException {
            return real.getInputStream();
        }

        @Override
        protected OutputStream getOutputStream() throws IOException {
            return real.getOutputStream();
        }

        @Override
        protected int available() throws IOException {
            return real.getInputStream().available();
        }

        @Override
        protected void close() throws IOException {
            real.close();
        }

        @Override
        protected void shutdownOutput() throws IOException {
            real.shutdownOutput();
        }

        @Override
        protected void sendUrgentData(int data) throws IOException {
            real.sendUrgentData(data);
        }

        @Override
        public void setOption(int optID, Object value) {}

        @Override
        public Object getOption(int optID) {
            return null;
        }
    }

    /** A {@code SocketChannel} that is not the JDK's, never connected; it counts its closes. */
    static final class StubChannel extends SocketChannel {
        int closes;

        StubChannel() {
            super(SelectorProvider.provider());
        }

        @Override
        protected void implCloseSelectableChannel() {
            closes++;
        }

        @Override
        protected void implConfigureBlocking(boolean block) {}

        @Override
        public SocketChannel bind(SocketAddress local) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> SocketChannel setOption(SocketOption<T> name, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T getOption(SocketOption<T> name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return Set.of();
        }

        @Override
        public SocketChannel shutdownInput() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketChannel shutdownOutput() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket socket() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isConnected() {
            return false;
        }

        @Override
        public boolean isConnectionPending() {
            return false;
        }

        @Override
        public boolean connect(SocketAddress remote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean finishConnect() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketAddress getLocalAddress() {
            return null;
        }
    }
}
