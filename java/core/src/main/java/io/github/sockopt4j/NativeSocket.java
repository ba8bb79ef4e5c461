package io.github.sockopt4j;

import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.IntOption;
import io.github.sockopt4j.internal.JdkSocketHandle;
import io.github.sockopt4j.internal.KernelSupport;
import io.github.sockopt4j.internal.NativeOption;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A view of a JDK socket's file descriptor that makes the socket syscalls {@code java.net} hides:
 * {@code setsockopt}/{@code getsockopt}, {@code shutdown}, {@code SO_LINGER} and the queue-size
 * ioctls. One syscall per method, in the style of Rust's socket2.
 *
 * <p><b>Ownership.</b> The view never owns or closes the fd; the JDK object does. Once the JDK
 * object is closed (or while it is closing) every call throws {@link ClosedChannelException}.
 *
 * <p><b>Never another socket's fd.</b> fd numbers are reused at once after a close, and the JDK
 * may {@code dup2} a dummy socket over the fd while closing. Every call therefore holds the JDK
 * implementation's own close lock ({@code stateLock}) from the "still open?" check to the end of
 * the syscall, so a concurrent {@code close()} waits for the call, or the call sees the close and
 * throws. No call blocks in native code, so the lock is held for one syscall only.
 *
 * <p><b>JVM flags.</b> Reaching the fd and that lock needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED
 * --add-opens java.base/java.io=ALL-UNNAMED} (the module name {@code io.github.sockopt4j}
 * instead of {@code ALL-UNNAMED} on the module path); without them {@code of} throws an
 * {@link IllegalStateException} naming them. {@link #unavailableReason()} tells beforehand.
 *
 * <p>Thread-safe. Linux only (x86-64 and aarch64); elsewhere calls throw
 * {@link UnsupportedOperationException} naming the platform.
 */
public final class NativeSocket {
    /** The syscalls on the fd: the lock, the open check, the memory and the errno are handled there. */
    private final FdSocket socket;

    private NativeSocket(FdSocket socket) {
        this.socket = socket;
    }

    /**
     * Why sockopt4j cannot make its syscalls here, or empty when it can: this is not Linux on
     * x86-64 or aarch64 (no constant table), the backend that {@code -Dsockopt4j.backend} forces
     * cannot be used, or the JVM lacks the flags that open the JDK's socket internals (the
     * message names them). When a reason is given, {@code of} throws
     * (missing flags) or every call throws {@link UnsupportedOperationException} (another
     * platform); the {@code Close} strategies still close, with the JDK's own calls only.
     */
    public static Optional<String> unavailableReason() {
        if (!ConstantTable.isAvailable()) {
            return Optional.of("sockopt4j supports Linux on x86-64 and aarch64; this is " + ConstantTable.platform());
        }
        String backendFailure = FdSocket.backendFailure();
        if (backendFailure != null) {
            return Optional.of(backendFailure);
        }
        return JdkSocketHandle.accessFailure();
    }

    /** A view of a {@code SocketChannel}'s fd. */
    public static NativeSocket of(SocketChannel channel) {
        return new NativeSocket(FdSocket.of(channel));
    }

    /** A view of a {@code ServerSocketChannel}'s fd. */
    public static NativeSocket of(ServerSocketChannel channel) {
        return new NativeSocket(FdSocket.of(channel));
    }

    /**
     * A view of a {@code Socket}'s fd, including the adaptor of a channel ({@code channel.socket()}).
     * An unconnected socket gets its fd created here, as the JDK does when an option is set.
     *
     * <p>An {@code SSLSocket} accepted by an {@code SSLServerSocket} has its own fd and works like
     * any socket. One layered over another socket ({@code SSLSocketFactory.createSocket(socket,
     * host, port, autoClose)}) has none: pass the socket it wraps instead.
     *
     * @throws IllegalArgumentException for an {@code SSLSocket} layered over a plain
     *         {@code Socket} (or not connected yet), with a message saying what to pass instead
     */
    public static NativeSocket of(Socket socket) {
        return new NativeSocket(FdSocket.of(socket));
    }

    /** A view of a {@code ServerSocket}'s fd, including the adaptor of a {@code ServerSocketChannel}. */
    public static NativeSocket of(ServerSocket socket) {
        return new NativeSocket(FdSocket.of(socket));
    }

    /**
     * The fd number, for logs and diagnostics. Do not close it or pass it to other native code:
     * once the JDK object is closed the number may belong to another socket.
     */
    public int fd() {
        return socket.fd();
    }

    /** Whether the JDK object is still open (not closing or closed). */
    public boolean isOpen() {
        return socket.isOpen();
    }

    // ---- options --------------------------------------------------------------------------

    /**
     * Sets an option with {@code setsockopt(2)}. The value is validated first; an invalid one
     * throws {@link IllegalArgumentException} naming the option and range, before any syscall.
     *
     * <p>The JDK's own options ({@link java.net.StandardSocketOptions},
     * {@code jdk.net.ExtendedSocketOptions}) are accepted too and handed to the JDK object's
     * {@code setOption}, so the JDK's view of its socket stays true; see {@link TcpOptions} for the
     * constants that both offer.
     *
     * @param <T> the option's type
     * @param option a constant of {@link TcpOptions}, or one of the JDK's options
     * @param value the value to set
     * @throws UnsupportedOperationException if the option is read-only, not supported by the JDK
     *     object (for a JDK option), or does not apply to this socket's address family (the
     *     message says why)
     * @throws NativeSocketException if the kernel refuses (errno, e.g. {@code ENOPROTOOPT})
     * @throws ClosedChannelException if the JDK object is closed
     * @throws IOException if the JDK refuses one of its own options
     */
    public <T> void set(SocketOption<T> option, T value) throws IOException {
        if (!(option instanceof NativeOption)) {
            setJdkOption(Objects.requireNonNull(option, "option"), value);
            return;
        }
        NativeOption<T> o = NativeOption.of(option);
        o.level(); // an unsupported platform fails here, naming the option
        if (o.isReadOnly()) {
            throw new UnsupportedOperationException(o.readOnlyMessage());
        }
        o.validate(value);
        socket.set(o, value);
    }

    /**
     * Reads an option with {@code getsockopt(2)}; one of the JDK's own options is read through
     * the JDK object's {@code getOption} (see {@link #set}).
     *
     * @param <T> the option's type
     * @param option a constant of {@link TcpOptions}, or one of the JDK's options
     * @return the value the kernel (or, for a JDK option, the JDK) reports
     * @throws UnsupportedOperationException if the option does not apply to this socket's family
     *     or, for a JDK option, is not supported by the JDK object
     * @throws NativeSocketException if the kernel refuses (errno, e.g. {@code ENOPROTOOPT})
     * @throws ClosedChannelException if the JDK object is closed
     * @throws IOException if the JDK refuses one of its own options
     */
    public <T> T get(SocketOption<T> option) throws IOException {
        if (!(option instanceof NativeOption)) {
            return getJdkOption(Objects.requireNonNull(option, "option"));
        }
        NativeOption<T> o = NativeOption.of(option);
        o.level(); // an unsupported platform fails here, naming the option
        return socket.get(o);
    }

    /**
     * {@link #get} for an {@code int} option, without boxing the value: {@code get} returns an
     * {@code Integer}, which allocates for values outside the JDK's small-integer cache
     * ({@code -128} to {@code 127}), such as buffer sizes. The same checks and exceptions as
     * {@code get}; one of the JDK's options is read through the JDK object, as there.
     *
     * @param option an {@code Integer} constant of {@link TcpOptions}, or one of the JDK's options
     * @return the value the kernel (or, for a JDK option, the JDK) reports
     * @throws IOException as {@link #get}
     */
    public int getInt(SocketOption<Integer> option) throws IOException {
        if (!(option instanceof IntOption o)) {
            return get(option);
        }
        o.level(); // an unsupported platform fails here, naming the option
        return socket.getInt(o);
    }

    // ---- which options apply here -----------------------------------------------------------

    /**
     * Whether {@code option} can be used on this socket: the running kernel has it (see
     * {@link #isSupportedByKernel}) and it applies to this socket's address family (an
     * {@code IPV6_*} option needs an {@code AF_INET6} socket; {@code IP_TOS}/{@code IP_TTL} need a
     * socket that carries IPv4 packets, see {@link TcpOptions}).
     *
     * <p>It does not foresee a capability or sysctl that {@code setsockopt} also checks:
     * {@code SO_MARK} and {@code IP_TRANSPARENT} need {@code CAP_NET_ADMIN} (else {@code EPERM}),
     * {@code TCP_FASTOPEN} needs the server bit of {@code net.ipv4.tcp_fastopen} to take effect and
     * {@code TCP_FASTOPEN_CONNECT} its client bit (else {@code EOPNOTSUPP}).
     *
     * <p>For one of the JDK's own options it says whether the JDK object supports it
     * ({@code supportedOptions()}).
     *
     * @param option a constant of {@link TcpOptions}, or one of the JDK's options
     * @return whether {@link #set} and {@link #get} can use it on this socket
     * @throws ClosedChannelException if the JDK object is closed
     * @throws IOException if the socket's family cannot be read
     */
    public boolean isSupported(SocketOption<?> option) throws IOException {
        if (!(option instanceof NativeOption)) {
            return jdkSupportedOptions().contains(Objects.requireNonNull(option, "option"));
        }
        NativeOption<?> o = NativeOption.of(option);
        if (!isSupportedByKernel(o)) {
            return false;
        }
        return socket.refusal(o) == null;
    }

    /**
     * Whether the running kernel has {@code option}: probed once per option (then cached) with a
     * harmless {@code getsockopt} on a scratch socket of the option's family that sockopt4j
     * creates and closes itself. See {@link #isSupported} for what it does not foresee.
     *
     * @param option a constant of {@link TcpOptions}
     * @return whether the kernel knows the option
     * @throws UnsupportedOperationException for an option that is not one of {@link TcpOptions}
     *     (ask a JDK socket's {@code supportedOptions()}, or {@link #isSupported})
     */
    public static boolean isSupportedByKernel(SocketOption<?> option) {
        return KernelSupport.probe(NativeOption.of(option)).supported();
    }

    // The JDK's own options go to the JDK object, which keeps its own view of them. Socket,
    // ServerSocket and the channels share no interface for these methods.

    private <T> void setJdkOption(SocketOption<T> option, T value) throws IOException {
        checkOpenUnlocked();
        if (socket.owner() instanceof NetworkChannel channel) {
            channel.setOption(option, value);
        } else if (socket.owner() instanceof Socket socket) {
            socket.setOption(option, value);
        } else {
            ((ServerSocket) socket.owner()).setOption(option, value);
        }
    }

    private <T> T getJdkOption(SocketOption<T> option) throws IOException {
        checkOpenUnlocked();
        if (socket.owner() instanceof NetworkChannel channel) {
            return channel.getOption(option);
        }
        return socket.owner() instanceof Socket socket ? socket.getOption(option) : ((ServerSocket) socket.owner()).getOption(option);
    }

    private Set<SocketOption<?>> jdkSupportedOptions() throws ClosedChannelException {
        checkOpenUnlocked();
        if (socket.owner() instanceof NetworkChannel channel) {
            return channel.supportedOptions();
        }
        return socket.owner() instanceof Socket socket ? socket.supportedOptions() : ((ServerSocket) socket.owner()).supportedOptions();
    }

    /** Closed means {@link ClosedChannelException} here too, whatever the JDK object would throw. */
    private void checkOpenUnlocked() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * {@code setsockopt(level, name)} with raw bytes, for options sockopt4j does not type. The
     * level and name are C numbers of the running platform; nothing is validated but the length.
     */
    public void setRaw(int level, int name, byte[] value) throws IOException {
        socket.setRaw(level, name, Objects.requireNonNull(value, "value"));
    }

    /**
     * {@code getsockopt(level, name)} into at most {@code maxLength} bytes; returns exactly the
     * bytes the kernel wrote.
     *
     * @param maxLength 1 to 65536
     */
    public byte[] getRaw(int level, int name, int maxLength) throws IOException {
        if (maxLength < 1 || maxLength > 65536) {
            throw new IllegalArgumentException("getRaw maxLength = " + maxLength + " is out of range: [1, 65536]");
        }
        return socket.getRaw(level, name, maxLength);
    }

    // ---- SO_LINGER ------------------------------------------------------------------------

    /** Sets {@code SO_LINGER} (socket(7)); see {@link Linger} for what Linux does with it. */
    public void setLinger(Linger linger) throws IOException {
        socket.setLinger(Objects.requireNonNull(linger, "linger"));
    }

    /** Reads {@code SO_LINGER} (socket(7)). */
    public Linger linger() throws IOException {
        return socket.linger();
    }

    // ---- shutdown -------------------------------------------------------------------------

    /**
     * {@code shutdown(2)}. The JDK object is not told: after {@link Shutdown#WRITE} its writes
     * fail with {@code EPIPE}; prefer {@code SocketChannel.shutdownOutput()} where it suffices.
     *
     * @throws NativeSocketException {@code ENOTCONN} on a socket that is not connected
     */
    public void shutdown(Shutdown how) throws IOException {
        socket.shutdown(Objects.requireNonNull(how, "how"));
    }

    // ---- discarding input ----------------------------------------------------------------

    /**
     * Reads and discards up to {@code maxBytes} of the receive queue, without copying them and
     * without blocking ({@code recv(MSG_TRUNC | MSG_DONTWAIT)}, tcp(7)). Unlike the JDK's reads
     * it works after {@code shutdownInput()}: the kernel still queues what the peer sends then,
     * while the JDK answers end of stream without reading.
     *
     * @param maxBytes at least 1
     * @return the bytes discarded; 0 at end of stream, and also, once input is shut down, when
     *     the queue is empty; -1 when the queue is empty ({@code EAGAIN})
     * @throws NativeSocketException e.g. {@code ECONNRESET} when the peer reset the connection
     * @throws ClosedChannelException if the JDK object is closed
     */
    public int discardInput(int maxBytes) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("discardInput maxBytes = " + maxBytes + " is out of range: [1, "
                    + Integer.MAX_VALUE + "]");
        }
        return socket.discardInput(maxBytes);
    }

    // ---- queue sizes ----------------------------------------------------------------------

    /**
     * Bytes received and not yet read ({@code ioctl(SIOCINQ)}, tcp(7)). More than 0 means a
     * {@code close()} now would send RST instead of FIN. {@code EINVAL} on a listening socket.
     */
    public int unreadBytes() throws IOException {
        return socket.unreadBytes();
    }

    /**
     * Bytes in the send queue, sent but not acknowledged plus not yet sent
     * ({@code ioctl(SIOCOUTQ)}, tcp(7)). After {@code shutdown(SHUT_WR)} it also counts our FIN
     * until the peer ACKs it.
     */
    public int sendQueueBytes() throws IOException {
        return socket.sendQueueBytes();
    }

    /** Bytes in the send queue not yet sent at all ({@code ioctl(SIOCOUTQNSD)}, Linux 2.6.39+). */
    public int unsentBytes() throws IOException {
        return socket.unsentBytes();
    }

    /**
     * The three queue sizes at one instant: {@code ioctl(SIOCINQ)}, {@code ioctl(SIOCOUTQ)} and,
     * only when the send queue is not empty, {@code ioctl(SIOCOUTQNSD)} (tcp(7); Linux 2.6.39+),
     * under one hold of the JDK's lock and, with the JNI backend, in one native call.
     *
     * @throws NativeSocketException naming the {@code ioctl} that failed ({@code EINVAL} on a
     *     listening socket)
     * @throws ClosedChannelException if the JDK object is closed
     */
    public SocketQueues queues() throws IOException {
        return socket.queues();
    }

    // ---- TCP_INFO -----------------------------------------------------------------------------

    /**
     * {@code getsockopt(TCP_INFO)} (tcp(7)): the kernel's view of the connection, decoded by the
     * length it returned (fields it did not fill are absent, see {@link TcpInfo}). Works on
     * listening sockets too ({@link TcpState#LISTEN}).
     */
    public TcpInfo tcpInfo() throws IOException {
        ReusableTcpInfo reading = new ReusableTcpInfo();
        tcpInfo(reading);
        return reading.snapshot();
    }

    /**
     * {@link #tcpInfo()} into a caller-owned object, without allocating: for monitoring loops.
     */
    public void tcpInfo(ReusableTcpInfo into) throws IOException {
        Objects.requireNonNull(into, "into").fill(socket);
    }

    /** The name of the native backend in use: {@code jni}, {@code jna} or {@code ffm}. */
    public static String backend() {
        return FdSocket.backend();
    }

    @Override
    public String toString() {
        return "NativeSocket[" + socket + "]";
    }
}
