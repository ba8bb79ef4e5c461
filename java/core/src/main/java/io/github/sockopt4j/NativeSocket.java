package io.github.sockopt4j;

import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.CoreAccess;
import io.github.sockopt4j.internal.JdkSocketHandle;
import io.github.sockopt4j.internal.KernelSupport;
import io.github.sockopt4j.internal.NativeBackend;
import io.github.sockopt4j.internal.NativeBuffer;
import io.github.sockopt4j.internal.NativeOption;
import io.github.sockopt4j.internal.OptionLevel;
import java.io.IOException;
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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

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
 * {@link IllegalStateException} naming them.
 *
 * <p>Thread-safe. Linux only (x86-64 and aarch64); elsewhere calls throw
 * {@link UnsupportedOperationException} naming the platform.
 */
public final class NativeSocket {
    /** The value area starts here; the {@code socklen_t} in-out length lives at offset 0. */
    private static final int VALUE = 8;
    private static final int INLINE_CAPACITY = 512;

    private static final NativeBackend NATIVE = Backends.current();

    static {
        CoreAccess.installSocketFactory(NativeSocket::new);
    }

    private final JdkSocketHandle handle;
    private final Object owner;
    /** Used only while holding the JDK's lock, which serialises all calls on this socket. */
    private NativeBuffer buffer;
    /** The address family, read once: it never changes. Guarded by the JDK's lock. */
    private ProtocolFamily family;

    private NativeSocket(JdkSocketHandle handle, Object owner) {
        this.handle = handle;
        this.owner = owner;
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
     * @param option a constant of {@link TcpOptions}
     * @throws UnsupportedOperationException if the option is read-only, not a sockopt4j option, or
     *     does not apply to this socket's address family (the message says why)
     * @throws NativeSocketException if the kernel refuses (errno, e.g. {@code ENOPROTOOPT})
     * @throws ClosedChannelException if the JDK object is closed
     */
    public <T> void set(SocketOption<T> option, T value) throws IOException {
        NativeOption<T> o = NativeOption.of(option);
        int level = o.level();
        int name = o.optname();
        if (o.isReadOnly()) {
            throw new UnsupportedOperationException(o.readOnlyMessage());
        }
        o.validate(value);
        int r;
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer(o.capacity());
            requireApplies(o);
            int length = o.encode(value, b, VALUE);
            r = NATIVE.setsockopt(handle.fd(), level, name, b.address() + VALUE, length);
        }
        if (r < 0) {
            throw error("setsockopt(" + o.describe(value) + ")", -r);
        }
    }

    /**
     * Reads an option with {@code getsockopt(2)}.
     *
     * @param option a constant of {@link TcpOptions}
     * @throws UnsupportedOperationException if the option does not apply to this socket's family
     * @throws NativeSocketException if the kernel refuses (errno, e.g. {@code ENOPROTOOPT})
     * @throws ClosedChannelException if the JDK object is closed
     */
    public <T> T get(SocketOption<T> option) throws IOException {
        NativeOption<T> o = NativeOption.of(option);
        o.level(); // an unsupported platform fails here, naming the option
        synchronized (handle.lock()) {
            checkOpen();
            requireApplies(o);
            return getLocked(o);
        }
    }

    /** {@code getsockopt} with the JDK's lock held and the socket checked open. */
    private <T> T getLocked(NativeOption<T> o) throws IOException {
        NativeBuffer b = openBuffer(o.capacity());
        b.putInt(0, o.capacity());
        int r = NATIVE.getsockopt(handle.fd(), o.level(), o.optname(), b.address() + VALUE, b.address());
        if (r < 0) {
            throw error("getsockopt(" + o.describe() + ")", -r);
        }
        return o.decode(b, VALUE, b.getInt(0));
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
     * @throws ClosedChannelException if the JDK object is closed
     */
    public boolean isSupported(SocketOption<?> option) throws IOException {
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
     */
    public static boolean isSupportedByKernel(SocketOption<?> option) {
        return KernelSupport.probe(NativeOption.of(option)).supported();
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
            b.write(VALUE, value, 0, value.length);
            r = NATIVE.setsockopt(handle.fd(), level, name, b.address() + VALUE, value.length);
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
            b.putInt(0, maxLength);
            int r = NATIVE.getsockopt(handle.fd(), level, name, b.address() + VALUE, b.address());
            if (r < 0) {
                throw error("getsockopt(level " + level + ", option " + name + ")", -r);
            }
            byte[] out = new byte[Math.min(b.getInt(0), maxLength)];
            b.read(VALUE, out, 0, out.length);
            return out;
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
            b.clear(VALUE, LingerLayout.SIZE);
            b.putInt(VALUE + LingerLayout.ONOFF, linger.isOn() ? 1 : 0);
            b.putInt(VALUE + LingerLayout.SECONDS, linger.seconds());
            r = NATIVE.setsockopt(handle.fd(), LingerLayout.LEVEL, LingerLayout.NAME, b.address() + VALUE,
                    LingerLayout.SIZE);
        }
        if (r < 0) {
            throw error("setsockopt(SO_LINGER=" + linger + ")", -r);
        }
    }

    /** Reads {@code SO_LINGER} (socket(7)). */
    public Linger linger() throws IOException {
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer();
            b.putInt(0, LingerLayout.SIZE);
            int r = NATIVE.getsockopt(handle.fd(), LingerLayout.LEVEL, LingerLayout.NAME, b.address() + VALUE,
                    b.address());
            if (r < 0) {
                throw error("getsockopt(SO_LINGER)", -r);
            }
            return Linger.fromNative(b.getInt(VALUE + LingerLayout.ONOFF), b.getInt(VALUE + LingerLayout.SECONDS));
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
            int r = NATIVE.ioctl(handle.fd(), request, b.address() + VALUE);
            if (r < 0) {
                throw error("ioctl(" + requestName + ")", -r);
            }
            return b.getInt(VALUE);
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
            b.putInt(0, capacity);
            int r = NATIVE.getsockopt(handle.fd(), TcpInfoCall.LEVEL, TcpInfoCall.NAME, b.address() + VALUE,
                    b.address());
            if (r < 0) {
                throw error("getsockopt(TCP_INFO)", -r);
            }
            into.fill(b, VALUE, b.getInt(0));
        }
    }

    // ---- plumbing -------------------------------------------------------------------------

    /** Call with the JDK's lock held. */
    private void checkOpen() throws ClosedChannelException {
        if (handle.isClosing()) {
            throw new ClosedChannelException();
        }
    }

    /** The per-socket buffer, after checking the socket is open. Call with the JDK's lock held. */
    private NativeBuffer openBuffer() throws ClosedChannelException {
        checkOpen();
        NativeBuffer b = buffer;
        if (b == null) {
            b = NATIVE.allocate(VALUE + INLINE_CAPACITY);
            buffer = b;
        }
        return b;
    }

    /** A buffer whose value area holds {@code valueLength} bytes. Call with the JDK's lock held. */
    private NativeBuffer openBuffer(int valueLength) throws ClosedChannelException {
        return valueLength <= INLINE_CAPACITY ? openBuffer() : checkedAllocate(valueLength);
    }

    private NativeBuffer checkedAllocate(int valueLength) throws ClosedChannelException {
        checkOpen();
        return NATIVE.allocate(VALUE + valueLength);
    }

    private NativeSocketException error(String syscall, int errno) {
        return new NativeSocketException(syscall, handle.fd(), errno, NATIVE.strerror(errno));
    }

    /** The name of the native backend in use ({@code jna} or {@code ffm}). */
    public static String backend() {
        return NATIVE.name();
    }

    @Override
    public String toString() {
        return "NativeSocket[fd=" + handle.fd() + ", " + owner + "]";
    }
}
