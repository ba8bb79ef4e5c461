package io.github.sockopt4j.internal;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.NativeSocketException;
import io.github.sockopt4j.Shutdown;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.TcpOptions;
import io.github.sockopt4j.TcpState;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The syscalls on one socket's fd, each made under the owner's close lock after checking that
 * the owner has not started closing it, so a call never reaches a recycled fd number (see
 * {@link JdkSocketHandle}). The public {@code NativeSocket} is a facade over this class, and the
 * close engine, the closer and the integrations (Netty's native channels, whose fds the JDK does
 * not own) call it directly. Errors keep the errno ({@link NativeSocketException}); values are
 * validated by the caller.
 *
 * <p>Every call takes its memory from {@link #call}: the lock, the open check, the scratch buffer
 * and its return are written there once.
 */
public final class FdSocket implements LingerControl {
    /** The value area starts here; the {@code socklen_t} in-out length lives at offset 0. */
    private static final int VALUE = 8;
    private static final int INLINE_CAPACITY = 512;
    /** The value length of a call that passes no memory (an {@code int} call of the JNI backend). */
    private static final int NO_MEMORY = -1;

    private static final NativeBackend NATIVE = Backends.current();
    private static final String BACKEND_FAILURE = Backends.forcedFailure().orElse(null);
    /** Whether the backend passes an {@code int} option's value without memory (JNI). */
    private static final boolean INT_CALLS = NATIVE.hasIntCalls();
    /** The memory of calls up to {@link #INLINE_CAPACITY} bytes, shared by all sockets. */
    private static final ScratchBuffers SCRATCH = new ScratchBuffers(NATIVE, VALUE + INLINE_CAPACITY);
    /**
     * Calls a socket makes with shared memory before it gets its own: more than a close makes, so
     * one made for one close allocates nothing, while one in use for long skips the claim.
     */
    private static final int SHARED_CALLS = 16;

    private static final int SOL_SOCKET = ConstantTable.get("SOL_SOCKET");
    private static final int SO_LINGER = ConstantTable.get("SO_LINGER");
    private static final int LINGER_SIZE = ConstantTable.get("SIZEOF_LINGER");
    private static final int LINGER_ONOFF = ConstantTable.get("OFFSETOF_LINGER_L_ONOFF");
    private static final int LINGER_SECONDS = ConstantTable.get("OFFSETOF_LINGER_L_LINGER");
    private static final int IPPROTO_TCP = ConstantTable.get("IPPROTO_TCP");
    private static final int TCP_INFO = ConstantTable.get("TCP_INFO");
    private static final int[] SHUTDOWN_HOW = {
        ConstantTable.get(Shutdown.READ.cName()),
        ConstantTable.get(Shutdown.WRITE.cName()),
        ConstantTable.get(Shutdown.BOTH.cName()),
    };
    private static final int DISCARD_FLAGS = ConstantTable.get("MSG_TRUNC") | ConstantTable.get("MSG_DONTWAIT");
    private static final int EAGAIN = ConstantTable.get("EAGAIN");
    private static final long SIOCINQ = ConstantTable.getLong("SIOCINQ");
    private static final long SIOCOUTQ = ConstantTable.getLong("SIOCOUTQ");
    private static final long SIOCOUTQNSD = ConstantTable.getLong("SIOCOUTQNSD");

    private final JdkSocketHandle handle;
    private final Object owner;
    /** The address family, read once: it never changes. Guarded by the owner's lock, like the next two. */
    private ProtocolFamily family;
    /** This socket's own memory, after {@link #SHARED_CALLS} calls. */
    private NativeBuffer own;
    private int sharedCalls;

    private FdSocket(JdkSocketHandle handle, Object owner) {
        if (BACKEND_FAILURE != null) {
            throw new IllegalStateException(BACKEND_FAILURE);
        }
        this.handle = handle;
        this.owner = owner;
    }

    /** Why the backend that {@code -Dsockopt4j.backend} forces cannot be used, or null. */
    public static String backendFailure() {
        return BACKEND_FAILURE;
    }

    /** The name of the native backend in use: {@code jni}, {@code jna} or {@code ffm}. */
    public static String backend() {
        return NATIVE.name();
    }

    public static FdSocket of(SocketChannel channel) {
        return new FdSocket(JdkSocketHandle.of(Objects.requireNonNull(channel, "channel")), channel);
    }

    public static FdSocket of(ServerSocketChannel channel) {
        return new FdSocket(JdkSocketHandle.of(Objects.requireNonNull(channel, "channel")), channel);
    }

    /** See {@link JdkSocketHandle#of(Socket)} for what a layered {@code SSLSocket} throws. */
    public static FdSocket of(Socket socket) {
        return new FdSocket(JdkSocketHandle.of(Objects.requireNonNull(socket, "socket")), socket);
    }

    /** A JDK {@code NioSocketImpl} (the agent sees the impl whose {@code close()} runs). */
    public static FdSocket of(java.net.SocketImpl impl) {
        return new FdSocket(JdkSocketHandle.ofImpl(Objects.requireNonNull(impl, "impl")), impl);
    }

    public static FdSocket of(ServerSocket socket) {
        return new FdSocket(JdkSocketHandle.of(Objects.requireNonNull(socket, "socket")), socket);
    }

    /**
     * An fd another library owns (Netty's native channels); see {@link JdkSocketHandle#ofForeignFd}
     * for the contract that keeps calls off a recycled fd. Never closes the fd.
     *
     * @param owner the object that owns the fd, for {@code toString}
     */
    public static FdSocket ofForeignFd(int fd, BooleanSupplier isOpen, BooleanSupplier onOwnerThread, Object owner) {
        return new FdSocket(JdkSocketHandle.ofForeignFd(fd, isOpen, onOwnerThread), owner);
    }

    /** A descriptor sockopt4j owns (a JDK socket's duplicate): its calls lock {@code owned}. */
    static FdSocket of(OwnedFd owned) {
        return new FdSocket(JdkSocketHandle.ofOwnedFd(owned, owned.fd()), owned);
    }

    /** The object that owns the fd: a JDK socket or channel, or a foreign owner. */
    public Object owner() {
        return owner;
    }

    /** The fd number, for logs and diagnostics. */
    public int fd() {
        return handle.fd();
    }

    /** Whether the owner is still open (not closing or closed). */
    public boolean isOpen() {
        synchronized (handle.lock()) {
            return !handle.isClosing();
        }
    }

    // ---- the one way a call reaches the fd -----------------------------------------------------

    /** A syscall on {@code fd} with {@code memory} (value area at {@link #VALUE}), and its decoding. */
    @FunctionalInterface
    private interface Call<T> {
        T make(int fd, NativeBuffer memory) throws IOException;
    }

    /** {@link Call} for an {@code int} result, without boxing it. */
    @FunctionalInterface
    private interface IntCall {
        int make(int fd, NativeBuffer memory) throws IOException;
    }

    /** A syscall on the fd, with no memory: see {@link #withFd}. */
    @FunctionalInterface
    public interface FdCall {
        /** The syscall's result: {@code -errno} for a failure, as {@link NativeBackend} returns it. */
        long call(int fd);
    }

    /**
     * Makes {@code call} while holding the owner's close lock, after checking that the owner has
     * not started closing it, with scratch memory for a value of {@code valueLength} bytes.
     *
     * @throws ClosedChannelException if the owner is closed (nothing called)
     */
    private <T> T call(int valueLength, Call<T> call) throws IOException {
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer(valueLength);
            try {
                return call.make(handle.fd(), b);
            } finally {
                giveBack(b);
            }
        }
    }

    /** {@link #call} for an {@code int} result; {@link #NO_MEMORY} for a call that needs none. */
    private int callInt(int valueLength, IntCall call) throws IOException {
        synchronized (handle.lock()) {
            NativeBuffer b = openBuffer(valueLength);
            try {
                return call.make(handle.fd(), b);
            } finally {
                giveBack(b);
            }
        }
    }

    /**
     * Makes {@code call} on the fd under the owner's lock, after the open check: for calls that
     * need no memory, or that take the fd as an argument of a call on another fd
     * ({@code epoll_ctl}).
     *
     * @return what {@code call} returned
     * @throws ClosedChannelException if the owner is closed (nothing called)
     */
    public long withFd(FdCall call) throws ClosedChannelException {
        synchronized (handle.lock()) {
            checkOpen();
            return call.call(handle.fd());
        }
    }

    /** Throws the errno of a failed syscall ({@code result < 0}); returns {@code result} otherwise. */
    private long check(long result, String syscall) throws NativeSocketException {
        if (result < 0) {
            throw error(syscall, (int) -result);
        }
        return result;
    }

    public NativeSocketException error(String syscall, int errno) {
        return new NativeSocketException(syscall, handle.fd(), errno, NATIVE.strerror(errno));
    }

    // ---- options ---------------------------------------------------------------------------------

    /** {@code setsockopt} of a validated value; throws when {@code o} does not apply to this socket. */
    public <T> void set(NativeOption<T> o, T value) throws IOException {
        if (INT_CALLS && o instanceof IntValuedOption<T> i) {
            int raw = i.toInt(value);
            callInt(NO_MEMORY, (fd, none) -> {
                requireApplies(o);
                return (int) check(NATIVE.setsockoptInt(fd, o.level(), o.optname(), raw),
                        "setsockopt(" + o.describe(value) + ")");
            });
            return;
        }
        call(o.capacity(), (fd, b) -> {
            requireApplies(o);
            int length = o.encode(value, b, VALUE);
            return check(NATIVE.setsockopt(fd, o.level(), o.optname(), b.address() + VALUE, length),
                    "setsockopt(" + o.describe(value) + ")");
        });
    }

    /** {@code getsockopt}; throws when {@code o} does not apply to this socket. */
    public <T> T get(NativeOption<T> o) throws IOException {
        if (o instanceof IntValuedOption<T> i) {
            return i.fromInt(getInt(i));
        }
        return call(o.capacity(), (fd, b) -> {
            requireApplies(o);
            return o.decode(b, VALUE, getsockoptInto(o, fd, b));
        });
    }

    /** The raw {@code int} of an option, without boxing; throws when {@code o} does not apply. */
    public int getInt(IntValuedOption<?> o) throws IOException {
        return callInt(INT_CALLS ? NO_MEMORY : 0, (fd, b) -> {
            requireApplies(o);
            return intOption(o, fd, b);
        });
    }

    private int intOption(IntValuedOption<?> o, int fd, NativeBuffer b) throws IOException {
        if (INT_CALLS) {
            long r = check(NATIVE.getsockoptInt(fd, o.level(), o.optname()), "getsockopt(" + o.describe() + ")");
            return o.raw((int) (r >>> 32), (int) r);
        }
        return o.raw(b, VALUE, getsockoptInto(o, fd, b));
    }

    /** {@code getsockopt} of {@code o} into {@code b} at {@link #VALUE}; returns the length the kernel wrote. */
    private int getsockoptInto(NativeOption<?> o, int fd, NativeBuffer b) throws NativeSocketException {
        b.putInt(0, o.capacity());
        check(NATIVE.getsockopt(fd, o.level(), o.optname(), b.address() + VALUE, b.address()),
                "getsockopt(" + o.describe() + ")");
        return b.getInt(0);
    }

    /** Why {@code o} does not apply to this socket, or null (see {@code NativeSocket.isSupported}). */
    public String refusal(NativeOption<?> o) throws IOException {
        return call(NO_MEMORY, (fd, none) -> refusalLocked(o, fd));
    }

    private void requireApplies(NativeOption<?> o) throws IOException {
        if (o.scope() == OptionLevel.FamilyScope.ANY) {
            return;
        }
        String why = refusalLocked(o, handle.fd());
        if (why != null) {
            throw new UnsupportedOperationException(why);
        }
    }

    /** Call with the owner's lock held. */
    private String refusalLocked(NativeOption<?> o, int fd) throws IOException {
        OptionLevel.FamilyScope scope = o.scope();
        if (scope == OptionLevel.FamilyScope.ANY) {
            return null;
        }
        boolean inet6 = familyLocked(fd) == StandardProtocolFamily.INET6;
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
        if (optionLocked(FamilyOptions.V6ONLY, fd)) {
            return ipv4Only + "is IPV6_V6ONLY, so it never sends any" + useIpv6;
        }
        InetAddress peer = peerAddress();
        if (peer instanceof Inet6Address) {
            return ipv4Only + "is connected to the IPv6 peer " + peer.getHostAddress() + ", so it would have"
                    + " no effect" + useIpv6;
        }
        return null;
    }

    private static final class FamilyOptions {
        static final NativeOption<ProtocolFamily> DOMAIN = NativeOption.of(TcpOptions.SO_DOMAIN);
        static final NativeOption<Boolean> V6ONLY = NativeOption.of(TcpOptions.IPV6_V6ONLY);
    }

    /** The socket's address family, read once ({@code SO_DOMAIN}). Call with the owner's lock held. */
    private ProtocolFamily familyLocked(int fd) throws IOException {
        ProtocolFamily f = family;
        if (f == null) {
            f = optionLocked(FamilyOptions.DOMAIN, fd);
            family = f;
        }
        return f;
    }

    /** An option read with memory of its own, for the family checks. Call with the owner's lock held. */
    private <T> T optionLocked(NativeOption<T> o, int fd) throws IOException {
        NativeBuffer b = openBuffer(o.capacity());
        try {
            return o.decode(b, VALUE, getsockoptInto(o, fd, b));
        } finally {
            giveBack(b);
        }
    }

    /** The connected peer as the JDK reports it (IPv4-mapped peers as IPv4), or null. */
    private InetAddress peerAddress() throws IOException {
        if (owner instanceof SocketChannel channel) {
            SocketAddress a = channel.getRemoteAddress();
            return a instanceof InetSocketAddress i ? i.getAddress() : null;
        }
        return owner instanceof Socket socket ? socket.getInetAddress() : null;
    }

    /** {@code setsockopt(level, name)} with raw bytes. */
    public void setRaw(int level, int name, byte[] value) throws IOException {
        call(value.length, (fd, b) -> {
            b.write(VALUE, value, 0, value.length);
            return check(NATIVE.setsockopt(fd, level, name, b.address() + VALUE, value.length),
                    "setsockopt(level " + level + ", option " + name + ", " + value.length + " bytes)");
        });
    }

    /** {@code getsockopt(level, name)} into at most {@code maxLength} bytes: exactly the bytes the kernel wrote. */
    public byte[] getRaw(int level, int name, int maxLength) throws IOException {
        return call(maxLength, (fd, b) -> {
            b.putInt(0, maxLength);
            check(NATIVE.getsockopt(fd, level, name, b.address() + VALUE, b.address()),
                    "getsockopt(level " + level + ", option " + name + ")");
            byte[] out = new byte[Math.min(b.getInt(0), maxLength)];
            b.read(VALUE, out, 0, out.length);
            return out;
        });
    }

    // ---- SO_LINGER, shutdown, discarding input -------------------------------------------------

    @Override
    public void setLinger(Linger linger) throws IOException {
        callInt(LINGER_SIZE, (fd, b) -> {
            b.clear(VALUE, LINGER_SIZE);
            b.putInt(VALUE + LINGER_ONOFF, linger.isOn() ? 1 : 0);
            b.putInt(VALUE + LINGER_SECONDS, linger.seconds());
            return (int) check(NATIVE.setsockopt(fd, SOL_SOCKET, SO_LINGER, b.address() + VALUE, LINGER_SIZE),
                    "setsockopt(SO_LINGER=" + linger + ")");
        });
    }

    @Override
    public Linger linger() throws IOException {
        return call(LINGER_SIZE, (fd, b) -> {
            b.putInt(0, LINGER_SIZE);
            check(NATIVE.getsockopt(fd, SOL_SOCKET, SO_LINGER, b.address() + VALUE, b.address()),
                    "getsockopt(SO_LINGER)");
            return decodeLinger(b.getInt(VALUE + LINGER_ONOFF), b.getInt(VALUE + LINGER_SECONDS));
        });
    }

    /** {@code struct linger} as the kernel returned it. */
    static Linger decodeLinger(int onoff, int seconds) {
        if (onoff == 0) {
            return Linger.off();
        }
        return seconds == 0 ? Linger.abortive() : Linger.of(Duration.ofSeconds(seconds));
    }

    /** {@code shutdown(2)}. */
    public void shutdown(Shutdown how) throws IOException {
        long r = withFd(fd -> NATIVE.shutdown(fd, SHUTDOWN_HOW[how.ordinal()]));
        check(r, "shutdown(" + how.cName() + ")");
    }

    /**
     * {@code recv(MSG_TRUNC | MSG_DONTWAIT)} of up to {@code maxBytes}: the bytes discarded, 0 at
     * end of stream (and, once input is shut down, when the queue is empty), -1 for {@code EAGAIN}.
     */
    public int discardInput(int maxBytes) throws IOException {
        long r = withFd(fd -> NATIVE.recvfrom(fd, 0, maxBytes, DISCARD_FLAGS, 0, 0));
        if (r == -EAGAIN) {
            return -1;
        }
        return (int) check(r, "recv(MSG_TRUNC)");
    }

    // ---- queues and TCP_INFO ---------------------------------------------------------------------

    /** {@code ioctl(SIOCINQ)}: bytes received and not yet read. */
    public int unreadBytes() throws IOException {
        return queueSize(SIOCINQ, "SIOCINQ");
    }

    /** {@code ioctl(SIOCOUTQ)}: bytes sent and not acknowledged plus not yet sent. */
    public int sendQueueBytes() throws IOException {
        return queueSize(SIOCOUTQ, "SIOCOUTQ");
    }

    /** {@code ioctl(SIOCOUTQNSD)}: bytes not yet sent at all. */
    public int unsentBytes() throws IOException {
        return queueSize(SIOCOUTQNSD, "SIOCOUTQNSD");
    }

    private int queueSize(long request, String requestName) throws IOException {
        return callInt(Integer.BYTES, (fd, b) -> {
            check(NATIVE.ioctl(fd, request, b.address() + VALUE), "ioctl(" + requestName + ")");
            return b.getInt(VALUE);
        });
    }

    /** The three queues at one instant: see {@link #look}. */
    public SocketQueues queues() throws IOException {
        return look(QueueLook.LINGER_NEVER).queues();
    }

    /** The queues and, as {@code lingerWhen} asks, {@code SO_LINGER}, under one hold of the lock: see {@link QueueLook}. */
    public CloseLook look(int lingerWhen) throws IOException {
        return call(QueueLook.SIZE, (fd, b) -> {
            int r = NATIVE.queueLook(fd, b, VALUE, lingerWhen);
            if (r < 0) {
                throw error(QueueLook.step(b.getInt(VALUE + QueueLook.FAILED_STEP)), -r);
            }
            int queued = b.getInt(VALUE + QueueLook.QUEUED);
            // Read after the whole queue: while nobody writes, unsent only shrinks (into unacked),
            // so unsent + unacked is the queue as read, and neither part is negative.
            int unsent = Math.min(b.getInt(VALUE + QueueLook.UNSENT), queued);
            SocketQueues queues = new SocketQueues(b.getInt(VALUE + QueueLook.UNREAD), unsent, queued - unsent);
            Linger linger = b.getInt(VALUE + QueueLook.LINGER_LENGTH) == 0 ? null
                    : decodeLinger(b.getInt(VALUE + QueueLook.LINGER_ONOFF), b.getInt(VALUE + QueueLook.LINGER_SECONDS));
            return new CloseLook(queues, linger);
        });
    }

    /** {@code getsockopt(TCP_INFO)} into {@code raw}; returns the length the kernel wrote (at most {@code raw.length}). */
    public int tcpInfo(byte[] raw) throws IOException {
        int capacity = raw.length;
        return callInt(capacity, (fd, b) -> {
            b.putInt(0, capacity);
            check(NATIVE.getsockopt(fd, IPPROTO_TCP, TCP_INFO, b.address() + VALUE, b.address()),
                    "getsockopt(TCP_INFO)");
            int n = Math.min(b.getInt(0), capacity);
            b.read(VALUE, raw, 0, n);
            return n;
        });
    }

    /** The TCP state alone: the first byte of {@code TCP_INFO} (the kernel copies as much as asked). */
    public TcpState tcpState() throws IOException {
        return TcpState.of(callInt(1, (fd, b) -> {
            b.putInt(0, 1);
            check(NATIVE.getsockopt(fd, IPPROTO_TCP, TCP_INFO, b.address() + VALUE, b.address()),
                    "getsockopt(TCP_INFO)");
            return b.getByte(VALUE) & 0xff;
        }));
    }

    // ---- memory ----------------------------------------------------------------------------------

    /** Call with the owner's lock held. */
    private void checkOpen() throws ClosedChannelException {
        if (handle.isClosing()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Memory for one call with a value area of {@code valueLength} bytes (none for
     * {@link #NO_MEMORY}), after checking the socket is open; give it back with {@link #giveBack} once the result is read. Call with the
     * owner's lock held.
     */
    private NativeBuffer openBuffer(int valueLength) throws ClosedChannelException {
        checkOpen();
        if (valueLength == NO_MEMORY) {
            return null;
        }
        if (valueLength > INLINE_CAPACITY) {
            return NATIVE.allocate(VALUE + valueLength);
        }
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

    /**
     * Ends the use of memory from {@link #openBuffer}, after the call that used its address: a
     * buffer above {@link #INLINE_CAPACITY} is nobody's field, and must stay reachable until then.
     * Call with the owner's lock held.
     */
    private void giveBack(NativeBuffer b) {
        if (b == null) {
            return;
        }
        if (b != own && b.size() == SCRATCH.size()) {
            SCRATCH.release(b);
        }
        Reference.reachabilityFence(b);
    }

    @Override
    public String toString() {
        return "fd=" + handle.fd() + ", " + owner;
    }
}
