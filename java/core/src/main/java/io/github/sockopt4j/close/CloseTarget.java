package io.github.sockopt4j.close;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.LingerControl;
import io.github.sockopt4j.internal.JdkSocketHandle;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * The JDK socket a {@link Close} strategy acts on: its fd view, and the few JDK operations the
 * strategies need (half-close, timed read, close). Reads and the close go through the JDK so
 * that a virtual thread parks instead of blocking its carrier, and so that the JDK stays the
 * only owner of the fd. Without native access ({@link NativeSocket#unavailableReason}) there is
 * no fd view: the strategies do the JDK's steps only, and {@code SO_LINGER} goes through the JDK.
 */
abstract class CloseTarget implements LingerControl {
    /** Read once: the JVM flags and the platform do not change while it runs. */
    private static final boolean NATIVE = NativeSocket.unavailableReason().isEmpty();

    private final FdSocket socket;
    private InputStream input;

    CloseTarget(FdSocket socket) {
        this.socket = socket;
    }

    /**
     * A channel of another {@code SelectorProvider} than the JDK's, which sockopt4j cannot see, is
     * closed with its own {@code close()}, then refused: a strategy handed an open socket never
     * leaves it open.
     */
    static CloseTarget of(SocketChannel channel) throws IOException {
        try {
            return new ChannelTarget(channel);
        } catch (UnsupportedOperationException notTheJdks) {
            throw refusedAfterClosing(channel, channel.isOpen(), notTheJdks);
        }
    }

    /**
     * The adaptor socket of a channel is handled as that channel. A socket sockopt4j cannot see
     * (an {@code SSLSocket} layered over a plain one, or one with a {@code SocketImpl} of its
     * own) is closed with its own {@code close()}, then refused.
     */
    static CloseTarget of(Socket socket) throws IOException {
        SocketChannel channel = socket.getChannel();
        if (channel != null) {
            return of(channel);
        }
        try {
            return new SocketTarget(socket);
        } catch (IllegalArgumentException layeredSsl) {
            if (!(socket instanceof SSLSocket)) {
                throw layeredSsl;
            }
            throw refusedAfterClosing(socket, !socket.isClosed(), layeredSsl);
        } catch (UnsupportedOperationException notTheJdks) {
            throw refusedAfterClosing(socket, !socket.isClosed(), notTheJdks);
        }
    }

    /**
     * Closes {@code socket} if {@code open}, and returns {@code why} saying so, to be thrown.
     *
     * @throws ClosedChannelException if it was closed already (nothing done, as for any closed socket)
     */
    private static RuntimeException refusedAfterClosing(Closeable socket, boolean open, RuntimeException why)
            throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        RuntimeException refusal = why instanceof IllegalArgumentException
                ? new IllegalArgumentException(why.getMessage() + ". It was closed with its own close()", why)
                : new UnsupportedOperationException(why.getMessage() + ". It was closed with its own close()", why);
        try {
            socket.close();
        } catch (IOException e) {
            refusal.addSuppressed(e);
        }
        return refusal;
    }

    /** The fd's syscalls; null when native access is unavailable (then {@link #hasNative()} is false). */
    final FdSocket fdSocket() {
        return socket;
    }

    /** Whether the queues and {@code TCP_INFO} can be read (native access is available). */
    final boolean hasNative() {
        return socket != null;
    }

    /**
     * Whether the JDK has not begun closing the socket: a check to fail fast, since every native
     * call checks again under the JDK's lock. A channel answers from its own flag, without that
     * lock; a socket through the fd view (an {@code SSLSocket}'s own {@code isClosed()} can answer
     * true while its TCP socket is still open).
     */
    abstract boolean isOpen();

    /** {@code SO_LINGER}: natively, or through the JDK's option (the same setsockopt) without native access. */
    @Override
    public final Linger linger() throws IOException {
        if (socket != null) {
            return socket.linger();
        }
        int seconds = socket().getSoLinger();
        return seconds < 0 ? Linger.off() : Linger.of(Duration.ofSeconds(seconds));
    }

    /** Sets {@code SO_LINGER}, as {@link #linger()} reads it. */
    @Override
    public final void setLinger(Linger linger) throws IOException {
        if (socket != null) {
            socket.setLinger(linger);
        } else {
            socket().setSoLinger(linger.isOn(), (int) linger.timeout().orElse(Duration.ZERO).getSeconds());
        }
    }

    /**
     * Reads at most {@code length} bytes into {@code buffer}, waiting at most
     * {@code timeoutMillis} (at least 1).
     *
     * @return the count read, or -1 at end of stream
     * @throws java.net.SocketTimeoutException when nothing arrived in time
     */
    final int read(byte[] buffer, int length, int timeoutMillis) throws IOException {
        Socket socket = socket();
        socket.setSoTimeout(timeoutMillis);
        if (input == null) {
            input = JdkSocketHandle.tcpInput(socket); // TCP bytes, also under TLS: the queues count those
        }
        return input.read(buffer, 0, length);
    }

    /** Whether {@code shutdownInput()} was called: the JDK's reads then end at once, whatever is queued. */
    boolean isInputShutdown() {
        return socket().isInputShutdown();
    }

    /** The JDK object, whose identity keys "a close is in progress". */
    abstract Object jdkObject();

    /** The {@code Socket} whose timed reads the drain uses (a channel's adaptor). */
    abstract Socket socket();

    abstract boolean isConnected();

    /** The peer's address while the socket is open and connected, else null: for the JFR event. */
    Object remoteAddress() {
        return socket().getRemoteSocketAddress();
    }

    abstract boolean isBlocking();

    /** Whether a selector still holds the channel: then the JDK's {@code close()} defers closing the fd. */
    abstract boolean isRegistered();

    /** {@code shutdown(SHUT_WR)} through the JDK, so that the JDK knows; does nothing if already done. */
    abstract void shutdownOutput() throws IOException;

    /** The JDK's {@code close()}, which closes the fd. */
    abstract void close() throws IOException;

    private static final class ChannelTarget extends CloseTarget {
        private final SocketChannel channel;

        ChannelTarget(SocketChannel channel) {
            super(NATIVE ? FdSocket.of(channel) : null);
            this.channel = channel;
        }

        @Override
        Object jdkObject() {
            return channel;
        }

        @Override
        Socket socket() {
            return channel.socket();
        }

        @Override
        boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        boolean isConnected() {
            return channel.isConnected();
        }

        @Override
        boolean isBlocking() {
            return channel.isBlocking();
        }

        @Override
        boolean isRegistered() {
            return channel.isRegistered();
        }

        @Override
        void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        void close() throws IOException {
            channel.close();
        }

        @Override
        public String toString() {
            return channel.toString();
        }
    }

    private static final class SocketTarget extends CloseTarget {
        private final Socket socket;

        SocketTarget(Socket socket) {
            super(NATIVE ? FdSocket.of(socket) : null);
            this.socket = socket;
        }

        @Override
        Object jdkObject() {
            return socket;
        }

        @Override
        Socket socket() {
            return socket;
        }

        @Override
        boolean isOpen() {
            return fdSocket() != null ? fdSocket().isOpen() : !socket.isClosed();
        }

        @Override
        boolean isConnected() {
            return socket.isConnected();
        }

        @Override
        boolean isBlocking() {
            return true;
        }

        @Override
        boolean isRegistered() {
            return false;
        }

        @Override
        void shutdownOutput() throws IOException {
            if (!socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
        }

        @Override
        void close() throws IOException {
            socket.close();
        }

        @Override
        public String toString() {
            return socket.toString();
        }
    }
}
