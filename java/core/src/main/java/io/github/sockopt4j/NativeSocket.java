package io.github.sockopt4j;

import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.CloseLook;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.CoreAccess;
import io.github.sockopt4j.internal.IntOption;
import io.github.sockopt4j.internal.IntValuedOption;
import io.github.sockopt4j.internal.JdkSocketHandle;
import io.github.sockopt4j.internal.KernelSupport;
import io.github.sockopt4j.internal.NativeBackend;
import io.github.sockopt4j.internal.NativeBuffer;
import io.github.sockopt4j.internal.ScratchBuffers;
import io.github.sockopt4j.internal.NativeOption;
import io.github.sockopt4j.internal.OptionLevel;
import io.github.sockopt4j.internal.QueueLook;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
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
    /** The value area starts here; the {@code socklen_t} in-out length lives at offset 0. */
    private static final int VALUE = 8;
    private static final int INLINE_CAPACITY = 512;

    private static final NativeBackend NATIVE = Backends.current();
    private static final String BACKEND_FAILURE = Backends.forcedFailure().orElse(null);
    /** Whether the backend passes an {@code int} option's value without memory (JNI). */
    private static final boolean INT_CALLS = NATIVE.hasIntCalls();
    /** The memory of calls up to {@link #INLINE_CAPACITY} bytes, shared by all sockets. */
    private static final ScratchBuffers SCRATCH = new ScratchBuffers(NATIVE, VALUE + INLINE_CAPACITY);
    /**
     * Calls a view makes with shared memory before it gets its own: more than a close makes, so
     * a view made for one close allocates nothing, while a view in use for long skips the claim.
     */
    private static final int SHARED_CALLS = 16;

    static {
        CoreAccess.installSocketFactory(NativeSocket::new);
        CoreAccess.installLooker(NativeSocket::look);
        CoreAccess.installFdCaller(NativeSocket::withFd);
    }

    private final JdkSocketHandle handle;
    private final Object owner;
    /** The address family, read once: it never changes. Guarded by the JDK's lock. */
    private ProtocolFamily family;
    /** This view's own memory, after {@link #SHARED_CALLS} calls; guarded by the JDK's lock, like the next. */
    private NativeBuffer own;
    private int sharedCalls;

    private NativeSocket(JdkSocketHandle handle, Object owner) {
        if (BACKEND_FAILURE != null) {
            throw new IllegalStateException(BACKEND_FAILURE);
        }
        this.handle = handle;
        this.owner = owner;
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
        if (BACKEND_FAILURE != null) {
            return Optional.of(BACKEND_FAILURE);
        }
        return JdkSocketHandle.accessFailure();
    }

    /** A view of a {@code SocketChannel}'s fd. */
    public static NativeSocket of(SocketChannel channel) {
        return new NativeSocket(JdkSocketHandle.of(Objects.requireNonNull(channel, "channel")), channel);
    }

    /** A view of a {@code ServerSocketChannel}'s fd. */
    public static NativeSocket of(ServerSocketChannel channel) {
        return new NativeSocket(JdkSocketHandle.of(Objects.requireNonNull(channel, "channel")), channel);
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
        return new NativeSocket(JdkSocketHandle.of(Objects.requireNonNull(socket, "socket")), socket);
    }

    /** A view of a {@code ServerSocket}'s fd, including the adaptor of a {@code ServerSocketChannel}. */
    public static NativeSocket of(ServerSocket socket) {
        return new NativeSocket(JdkSocketHandle.of(Objects.requireNonNull(socket, "socket")), socket);
    }

    /**
     * The fd number, for logs and diagnostics. Do not close it or pass it to other native code:
     * once the JDK object is closed the number may belong to another socket.
     */
    public int fd() {
        return handle.fd();
    }

    /** Whether the JDK object is still open (not closing or closed). */
    public boolean isOpen() {
        synchronized (handle.lock()) {
            return !handle.isClosing();
        }
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
        int level = o.level();
        int name = o.optname();
        if (o.isReadOnly()) {
            throw new UnsupportedOperationException(o.readOnlyMessage());
        }
        o.validate(value);
        int r;
        if (INT_CALLS && o instanceof IntValuedOption<T> i) {
            int raw = i.toInt(value);
            synchronized (handle.lock()) {
                checkOpen();
                requireApplies(o);
                r = NATIVE.setsockoptInt(handle.fd(), level, name, raw);
            }
        } else {
            synchronized (handle.lock()) {
                NativeBuffer b = openBuffer(o.capacity());
                try {
                    requireApplies(o);
                    int length = o.encode(value, b, VALUE);
                    r = NATIVE.setsockopt(handle.fd(), level, name, b.address() + VALUE, length);
                } finally {
                    giveBack(b);
                }
            }
        }
        if (r < 0) {
            throw error("setsockopt(" + o.describe(value) + ")", -r);
        }
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
        synchronized (handle.lock()) {
            checkOpen();
            requireApplies(o);
            if (o instanceof IntValuedOption<T> i) {
                return i.fromInt(getIntLocked(i));
            }
            return getLocked(o);
        }
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
        synchronized (handle.lock()) {
            checkOpen();
            requireApplies(o);
            return getIntLocked(o);
        }
    }

    /** The raw {@code int} of an option, with the JDK's lock held and the socket checked open. */
    private int getIntLocked(IntValuedOption<?> o) throws IOException {
        if (INT_CALLS) {
            long r = NATIVE.getsockoptInt(handle.fd(), o.level(), o.optname());
            if (r < 0) {
                throw error("getsockopt(" + o.describe() + ")", (int) -r);
            }
            return o.raw((int) (r >>> 32), (int) r);
        }
        NativeBuffer b = openBuffer();
        try {
            return o.raw(b, VALUE, getsockoptInto(o, b));
        } finally {
            giveBack(b);
        }
    }

    /** {@code getsockopt} with the JDK's lock held and the socket checked open. */
    private <T> T getLocked(NativeOption<T> o) throws IOException {
        NativeBuffer b = openBuffer(o.capacity());
        try {
            return o.decode(b, VALUE, getsockoptInto(o, b));
        } finally {
            giveBack(b);
        }
    }

    /** {@code getsockopt} of {@code o} into {@code b} at {@link #VALUE}; returns the length the kernel wrote. */
    private int getsockoptInto(NativeOption<?> o, NativeBuffer b) throws NativeSocketException {
        b.putInt(0, o.capacity());
        int r = NATIVE.getsockopt(handle.fd(), o.level(), o.optname(), b.address() + VALUE, b.address());
        if (r < 0) {
            throw error("getsockopt(" + o.describe() + ")", -r);
        }
        return b.getInt(0);
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
        synchronized (handle.lock()) {
            checkOpen();
            return refusal(o) == null;
        }
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
        if (owner instanceof NetworkChannel channel) {
            channel.setOption(option, value);
        } else if (owner instanceof Socket socket) {
            socket.setOption(option, value);
        } else {
            ((ServerSocket) owner).setOption(option, value);
        }
    }

    private <T> T getJdkOption(SocketOption<T> option) throws IOException {
        checkOpenUnlocked();
        if (owner instanceof NetworkChannel channel) {
            return channel.getOption(option);
        }
        return owner instanceof Socket socket ? socket.getOption(option) : ((ServerSocket) owner).getOption(option);
    }

    private Set<SocketOption<?>> jdkSupportedOptions() throws ClosedChannelException {
        checkOpenUnlocked();
        if (owner instanceof NetworkChannel channel) {
            return channel.supportedOptions();
        }
        return owner instanceof Socket socket ? socket.supportedOptions() : ((ServerSocket) owner).supportedOptions();
    }

    /** Closed means {@link ClosedChannelException} here too, whatever the JDK object would throw. */
    private void checkOpenUnlocked() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private static final class FamilyOptions {
        static final NativeOption<ProtocolFamily> DOMAIN = NativeOption.of(TcpOptions.SO_DOMAIN);
        static final NativeOption<Boolean> V6ONLY = NativeOption.of(TcpOptions.IPV6_V6ONLY);
    }

    /** Throws when {@code o} does not apply to this socket. Call with the JDK's lock held. */
    private void requireApplies(NativeOption<?> o) throws IOException {
        String why = refusal(o);
        if (why != null) {
            throw new UnsupportedOperationException(why);
        }
    }

    /** Why {@code o} does not apply to this socket, or null. Call with the JDK's lock held. */
    private String refusal(NativeOption<?> o) throws IOException {
        OptionLevel.FamilyScope scope = o.scope();
        if (scope == OptionLevel.FamilyScope.ANY) {
            return null;
        }
        boolean inet6 = family() == StandardProtocolFamily.INET6;
        if (scope == OptionLevel.FamilyScope.IPV6) {
            return inet6 ? null : o.name() + " is an IPv6 option (" + o.levelName() + ") and this socket is"
                    + " IPv4 (AF_INET); Linux would answer ENOPROTOOPT. Use the IPv4 option instead"
                    + " (IP_TOS, IP_TTL), or open the socket as IPv6";
        }
        if (!inet6) {
            return null;
        }
        String ipv4Only = o.name() + " shapes IPv4 packets only (" + o.levelName() + "), and this AF_INET6 socket ";
        String useIpv6 = "; use IPV6_TCLASS / IPV6_UNICAST_HOPS for its IPv6 packets";
        if (getLocked(FamilyOptions.V6ONLY)) {
            return ipv4Only + "is IPV6_V6ONLY, so it never sends any" + useIpv6;
        }
        InetAddress peer = peerAddress();
        if (peer instanceof Inet6Address) {
            return ipv4Only + "is connected to the IPv6 peer " + peer.getHostAddress() + ", so it would have"
                    + " no effect" + useIpv6;
        }
        return null;
    }

    /** The socket's address family, read once ({@code SO_DOMAIN}). Call with the JDK's lock held. */
    private ProtocolFamily family() throws IOException {
        ProtocolFamily f = family;
        if (f == null) {
            f = getLocked(FamilyOptions.DOMAIN);
            family = f;
        }
        return f;
    }

    /** The connected peer as the JDK reports it (IPv4-mapped peers as IPv4), or null. */
    private InetAddress peerAddress() throws IOException {
        if (owner instanceof SocketChannel) {
            SocketAddress a = ((SocketChannel) owner).getRemoteAddress();
            return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getAddress() : null;
        }
        return owner instanceof Socket ? ((Socket) owner).getInetAddress() : null;
    }

    /**
     * {@code setsockopt(level, name)} with raw bytes, for options sockopt4j does not type. The
     * level and name are C numbers of the running platform; nothing is validated but the length.
     */
    public void setRaw(int level, int name, byte[] value) throws IOException {
        Objects.requireNonNull(value, "value");
        int r;
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer(value.length);
            try {
                b.write(VALUE, value, 0, value.length);
                r = NATIVE.setsockopt(handle.fd(), level, name, b.address() + VALUE, value.length);
            } finally {
                giveBack(b);
            }
        }
        if (r < 0) {
            throw error("setsockopt(level " + level + ", option " + name + ", " + value.length + " bytes)", -r);
        }
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
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer(maxLength);
            try {
                b.putInt(0, maxLength);
                int r = NATIVE.getsockopt(handle.fd(), level, name, b.address() + VALUE, b.address());
                if (r < 0) {
                    throw error("getsockopt(level " + level + ", option " + name + ")", -r);
                }
                byte[] out = new byte[Math.min(b.getInt(0), maxLength)];
                b.read(VALUE, out, 0, out.length);
                return out;
            } finally {
                giveBack(b);
            }
        }
    }

    // ---- SO_LINGER ------------------------------------------------------------------------

    private static final class LingerLayout {
        static final int LEVEL = ConstantTable.get("SOL_SOCKET");
        static final int NAME = ConstantTable.get("SO_LINGER");
        static final int SIZE = ConstantTable.get("SIZEOF_LINGER");
        static final int ONOFF = ConstantTable.get("OFFSETOF_LINGER_L_ONOFF");
        static final int SECONDS = ConstantTable.get("OFFSETOF_LINGER_L_LINGER");
    }

    /** Sets {@code SO_LINGER} (socket(7)); see {@link Linger} for what Linux does with it. */
    public void setLinger(Linger linger) throws IOException {
        Objects.requireNonNull(linger, "linger");
        int r;
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer();
            try {
                b.clear(VALUE, LingerLayout.SIZE);
                b.putInt(VALUE + LingerLayout.ONOFF, linger.isOn() ? 1 : 0);
                b.putInt(VALUE + LingerLayout.SECONDS, linger.seconds());
                r = NATIVE.setsockopt(handle.fd(), LingerLayout.LEVEL, LingerLayout.NAME, b.address() + VALUE,
                        LingerLayout.SIZE);
            } finally {
                giveBack(b);
            }
        }
        if (r < 0) {
            throw error("setsockopt(SO_LINGER=" + linger + ")", -r);
        }
    }

    /** Reads {@code SO_LINGER} (socket(7)). */
    public Linger linger() throws IOException {
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer();
            try {
                b.putInt(0, LingerLayout.SIZE);
                int r = NATIVE.getsockopt(handle.fd(), LingerLayout.LEVEL, LingerLayout.NAME, b.address() + VALUE,
                        b.address());
                if (r < 0) {
                    throw error("getsockopt(SO_LINGER)", -r);
                }
                return Linger.fromNative(b.getInt(VALUE + LingerLayout.ONOFF), b.getInt(VALUE + LingerLayout.SECONDS));
            } finally {
                giveBack(b);
            }
        }
    }

    // ---- shutdown -------------------------------------------------------------------------

    private static final class ShutdownHow {
        static final int[] BY_ORDINAL = {
            ConstantTable.get(Shutdown.READ.cName()),
            ConstantTable.get(Shutdown.WRITE.cName()),
            ConstantTable.get(Shutdown.BOTH.cName()),
        };
    }

    /**
     * {@code shutdown(2)}. The JDK object is not told: after {@link Shutdown#WRITE} its writes
     * fail with {@code EPIPE}; prefer {@code SocketChannel.shutdownOutput()} where it suffices.
     *
     * @throws NativeSocketException {@code ENOTCONN} on a socket that is not connected
     */
    public void shutdown(Shutdown how) throws IOException {
        int h = ShutdownHow.BY_ORDINAL[how.ordinal()];
        int r;
        synchronized (handle.lock()) {
            checkOpen();
            r = NATIVE.shutdown(handle.fd(), h);
        }
        if (r < 0) {
            throw error("shutdown(" + how.cName() + ")", -r);
        }
    }

    // ---- discarding input ----------------------------------------------------------------

    private static final class DiscardFlags {
        static final int FLAGS = ConstantTable.get("MSG_TRUNC") | ConstantTable.get("MSG_DONTWAIT");
        static final int EAGAIN = ConstantTable.get("EAGAIN");
    }

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
        long r;
        synchronized (handle.lock()) {
            checkOpen();
            r = NATIVE.recvfrom(handle.fd(), 0, maxBytes, DiscardFlags.FLAGS, 0, 0);
        }
        if (r == -DiscardFlags.EAGAIN) {
            return -1;
        }
        if (r < 0) {
            throw error("recv(MSG_TRUNC)", (int) -r);
        }
        return (int) r;
    }

    // ---- queue sizes ----------------------------------------------------------------------

    private static final class QueueIoctls {
        static final long SIOCINQ = ConstantTable.getLong("SIOCINQ");
        static final long SIOCOUTQ = ConstantTable.getLong("SIOCOUTQ");
        static final long SIOCOUTQNSD = ConstantTable.getLong("SIOCOUTQNSD");
    }

    /**
     * Bytes received and not yet read ({@code ioctl(SIOCINQ)}, tcp(7)). More than 0 means a
     * {@code close()} now would send RST instead of FIN. {@code EINVAL} on a listening socket.
     */
    public int unreadBytes() throws IOException {
        return queueSize(QueueIoctls.SIOCINQ, "SIOCINQ");
    }

    /**
     * Bytes in the send queue, sent but not acknowledged plus not yet sent
     * ({@code ioctl(SIOCOUTQ)}, tcp(7)). After {@code shutdown(SHUT_WR)} it also counts our FIN
     * until the peer ACKs it.
     */
    public int sendQueueBytes() throws IOException {
        return queueSize(QueueIoctls.SIOCOUTQ, "SIOCOUTQ");
    }

    /** Bytes in the send queue not yet sent at all ({@code ioctl(SIOCOUTQNSD)}, Linux 2.6.39+). */
    public int unsentBytes() throws IOException {
        return queueSize(QueueIoctls.SIOCOUTQNSD, "SIOCOUTQNSD");
    }

    private int queueSize(long request, String requestName) throws IOException {
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer();
            try {
                int r = NATIVE.ioctl(handle.fd(), request, b.address() + VALUE);
                if (r < 0) {
                    throw error("ioctl(" + requestName + ")", -r);
                }
                return b.getInt(VALUE);
            } finally {
                giveBack(b);
            }
        }
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
        return look(QueueLook.LINGER_NEVER).queues();
    }

    /** See {@link CoreAccess#withFd}. */
    private long withFd(CoreAccess.FdCall call) throws ClosedChannelException {
        synchronized (handle.lock()) {
            checkOpen();
            return call.call(handle.fd());
        }
    }

    /** The queues and, as {@code lingerWhen} asks, {@code SO_LINGER}: see {@link QueueLook}. */
    private CloseLook look(int lingerWhen) throws IOException {
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer();
            try {
                int r = NATIVE.queueLook(handle.fd(), b, VALUE, lingerWhen);
                if (r < 0) {
                    throw error(QueueLook.step(b.getInt(VALUE + QueueLook.FAILED_STEP)), -r);
                }
                int queued = b.getInt(VALUE + QueueLook.QUEUED);
                // Read after the whole queue: while nobody writes, unsent only shrinks (into
                // unacked), so unsent + unacked is the queue as read, and neither part is negative.
                int unsent = Math.min(b.getInt(VALUE + QueueLook.UNSENT), queued);
                SocketQueues queues = new SocketQueues(b.getInt(VALUE + QueueLook.UNREAD), unsent, queued - unsent);
                Linger linger = b.getInt(VALUE + QueueLook.LINGER_LENGTH) == 0 ? null
                        : Linger.fromNative(b.getInt(VALUE + QueueLook.LINGER_ONOFF),
                                b.getInt(VALUE + QueueLook.LINGER_SECONDS));
                return new CloseLook(queues, linger);
            } finally {
                giveBack(b);
            }
        }
    }

    // ---- TCP_INFO -----------------------------------------------------------------------------

    private static final class TcpInfoCall {
        static final int LEVEL = ConstantTable.get("IPPROTO_TCP");
        static final int NAME = ConstantTable.get("TCP_INFO");
    }

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
        Objects.requireNonNull(into, "into");
        int capacity = ReusableTcpInfo.capacity();
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer(capacity);
            try {
                b.putInt(0, capacity);
                int r = NATIVE.getsockopt(handle.fd(), TcpInfoCall.LEVEL, TcpInfoCall.NAME, b.address() + VALUE,
                        b.address());
                if (r < 0) {
                    throw error("getsockopt(TCP_INFO)", -r);
                }
                into.fill(b, VALUE, b.getInt(0));
            } finally {
                giveBack(b);
            }
        }
    }

    // ---- plumbing -------------------------------------------------------------------------

    /** Call with the JDK's lock held. */
    private void checkOpen() throws ClosedChannelException {
        if (handle.isClosing()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * A scratch buffer for one call, after checking the socket is open; give it back with
     * {@link #giveBack} once the result is read. Call with the JDK's lock held.
     */
    private NativeBuffer openBuffer() throws ClosedChannelException {
        checkOpen();
        NativeBuffer b = own;
        if (b != null) {
            return b;
        }
        if (++sharedCalls <= SHARED_CALLS) {
            return SCRATCH.acquire();
        }
        b = NATIVE.allocate(VALUE + INLINE_CAPACITY);
        own = b;
        return b;
    }

    /** {@link #openBuffer()} with a value area of {@code valueLength} bytes. Call with the JDK's lock held. */
    private NativeBuffer openBuffer(int valueLength) throws ClosedChannelException {
        if (valueLength <= INLINE_CAPACITY) {
            return openBuffer();
        }
        checkOpen();
        return NATIVE.allocate(VALUE + valueLength);
    }

    /**
     * Ends the use of a buffer from {@link #openBuffer}, after the call that used its address: a
     * buffer above {@link #INLINE_CAPACITY} is nobody's field, and must stay reachable until then.
     * Call with the JDK's lock held.
     */
    private void giveBack(NativeBuffer b) {
        if (b != own && b.size() == SCRATCH.size()) {
            SCRATCH.release(b);
        }
        Reference.reachabilityFence(b);
    }

    private NativeSocketException error(String syscall, int errno) {
        return new NativeSocketException(syscall, handle.fd(), errno, NATIVE.strerror(errno));
    }

    /** The name of the native backend in use: {@code jni}, {@code jna} or {@code ffm}. */
    public static String backend() {
        return NATIVE.name();
    }

    @Override
    public String toString() {
        return "NativeSocket[fd=" + handle.fd() + ", " + owner + "]";
    }
}
