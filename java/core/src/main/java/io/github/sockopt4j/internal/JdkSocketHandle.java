package io.github.sockopt4j.internal;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketImpl;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;

/**
 * The fd of a JDK socket, and the JDK's own lock that guards it.
 *
 * <p>The JDK closes a socket's fd only while holding the implementation's private
 * {@code stateLock}, after moving its {@code state} to {@code ST_CLOSING} or beyond; the
 * pre-close {@code dup2} of a dummy socket over the fd happens under the same lock. So a native
 * call made while holding {@link #lock()}, after {@link #isClosing()} answered {@code false},
 * acts on this socket and no other: the fd cannot be closed, replaced or reused meanwhile. This
 * holds for {@code SocketChannelImpl}, {@code ServerSocketChannelImpl} and {@code NioSocketImpl}
 * (the implementation behind {@code Socket} and {@code ServerSocket}) on JDK 17 to 25.
 *
 * <p>Reaching them needs {@code --add-opens java.base/sun.nio.ch}, {@code java.base/java.net}
 * and {@code java.base/java.io}; without them {@link #of} throws an exception naming the flags.
 */
public abstract class JdkSocketHandle {
    private final Object impl;
    private final Object lock;
    private final int fd;

    private JdkSocketHandle(Object impl, Object lock, int fd) {
        this.impl = impl;
        this.lock = lock;
        this.fd = fd;
    }

    /** The fd number; meaningful only while holding {@link #lock()} and not {@link #isClosing()}. */
    public final int fd() {
        return fd;
    }

    /** The JDK's lock around the fd's close; hold it across check and syscall. */
    public final Object lock() {
        return lock;
    }

    /** Whether the JDK has started closing the socket (call with {@link #lock()} held). */
    public abstract boolean isClosing();

    final Object impl() {
        return impl;
    }

    /**
     * Why the JDK's socket internals cannot be reached (the JVM flags are missing), or empty when
     * they can: the message {@link #of} would throw.
     */
    public static Optional<String> accessFailure() {
        for (RuntimeException f : new RuntimeException[] {ChannelHandle.ACCESS.failure,
                ServerChannelHandle.ACCESS.failure, NioImplHandle.ACCESS.failure, SocketAccess.FAILURE}) {
            if (f != null) {
                return Optional.of(f.getMessage());
            }
        }
        return Optional.empty();
    }

    // ---- factories ------------------------------------------------------------------------

    public static JdkSocketHandle of(SocketChannel channel) {
        ImplAccess a = ChannelHandle.ACCESS.require(channel);
        return new ChannelHandle(channel, a.lockOf(channel), a.fdOf(channel));
    }

    public static JdkSocketHandle of(ServerSocketChannel channel) {
        ImplAccess a = ServerChannelHandle.ACCESS.require(channel);
        return new ServerChannelHandle(channel, a.lockOf(channel), a.fdOf(channel));
    }

    /**
     * The handle of a socket's fd. An {@code SSLSocket} layered over a channel's adaptor socket
     * reports that channel (JSSE forwards {@code getChannel()}), so it is handled as that channel.
     *
     * @throws IllegalArgumentException for an {@code SSLSocket} without an fd of its own (layered
     *         over a plain {@code Socket}, or not connected yet): its {@code SocketImpl} would
     *         create a new, unconnected fd, so every answer would describe that phantom
     */
    public static JdkSocketHandle of(Socket socket) {
        if (socket.getChannel() != null) {
            return of(socket.getChannel()); // the adaptor socket of a SocketChannel
        }
        if (socket instanceof SSLSocket && !SocketAccess.hasOwnFd(socket)) {
            throw new IllegalArgumentException(layeredSslMessage(socket));
        }
        return ofImpl(SocketAccess.implOf(socket, socket::isClosed, SocketAccess.SOCKET_GET_IMPL,
                SocketAccess.SOCKET_CLOSE_LOCK));
    }

    /** Why an {@code SSLSocket} without an fd of its own is refused, and what to pass instead. */
    private static String layeredSslMessage(Socket socket) {
        return "SSLSocket " + socket + " has no TCP socket of its own (it is layered over another Socket by"
                + " SSLSocketFactory.createSocket(socket, host, port, autoClose), or is not connected yet);"
                + " sockopt4j cannot reach the socket it wraps. Pass that plain Socket instead: create the"
                + " SSLSocket with autoClose = false, then NativeSocket.of(plain) or Close.lingering(plain)";
    }

    /**
     * The TCP byte stream of a connected {@code Socket}, below any TLS layer: for an
     * {@code SSLSocket} with an fd of its own (one accepted by an {@code SSLServerSocket}) it
     * reads the records that {@code getInputStream()} would decrypt. Reads honour the socket's
     * {@code SO_TIMEOUT}.
     */
    public static InputStream tcpInput(Socket socket) throws IOException {
        if (!(socket instanceof SSLSocket)) {
            return socket.getInputStream();
        }
        SocketImpl impl = SocketAccess.implOf(socket, socket::isClosed, SocketAccess.SOCKET_GET_IMPL,
                SocketAccess.SOCKET_CLOSE_LOCK);
        if (impl == null) {
            throw new SocketException("Socket is closed");
        }
        return SocketAccess.inputOf(impl);
    }

    public static JdkSocketHandle of(ServerSocket socket) {
        if (socket.getChannel() != null) {
            return of(socket.getChannel());
        }
        return ofImpl(SocketAccess.implOf(socket, socket::isClosed, SocketAccess.SERVER_SOCKET_GET_IMPL,
                SocketAccess.SERVER_SOCKET_CLOSE_LOCK));
    }

    /**
     * The fd of a socket that another library owns and closes (a Netty epoll channel), with that
     * library's "still open?" answer. There is no lock to take: the safety comes from the caller's
     * promise that the fd is closed only on the owner thread, and from refusing every call made
     * on any other thread. So between {@code isOpen} answering true and the end of the syscall
     * (both on the owner thread) nothing can close or reuse the number.
     *
     * @param fd            the fd number; never closed through this handle
     * @param isOpen        whether the owner has not closed the fd yet
     * @param onOwnerThread whether the calling thread is the one thread that closes the fd
     */
    public static JdkSocketHandle ofForeignFd(int fd, BooleanSupplier isOpen, BooleanSupplier onOwnerThread) {
        return new ForeignFdHandle(fd, isOpen, onOwnerThread);
    }

    /** The handle of a JDK {@code NioSocketImpl}, for the agent, which sees the impl being closed rather than its socket. */
    public static JdkSocketHandle ofImpl(SocketImpl impl) {
        if (impl == null) {
            return Closed.INSTANCE;
        }
        ImplAccess a = NioImplHandle.ACCESS.require(impl);
        return new NioImplHandle(impl, a.lockOf(impl), SocketAccess.fdOf(impl));
    }

    // ---- one subclass per JDK implementation, each with its handles in static finals ------

    private static final class ChannelHandle extends JdkSocketHandle {
        static final ImplAccess ACCESS = ImplAccess.load("sun.nio.ch.SocketChannelImpl", "fdVal");
        private static final VarHandle STATE = ACCESS.state;
        private static final int CLOSING = ACCESS.closing;

        ChannelHandle(Object impl, Object lock, int fd) {
            super(impl, lock, fd);
        }

        @Override
        public boolean isClosing() {
            return (int) STATE.get(impl()) >= CLOSING;
        }
    }

    private static final class ServerChannelHandle extends JdkSocketHandle {
        static final ImplAccess ACCESS = ImplAccess.load("sun.nio.ch.ServerSocketChannelImpl", "fdVal");
        private static final VarHandle STATE = ACCESS.state;
        private static final int CLOSING = ACCESS.closing;

        ServerChannelHandle(Object impl, Object lock, int fd) {
            super(impl, lock, fd);
        }

        @Override
        public boolean isClosing() {
            return (int) STATE.get(impl()) >= CLOSING;
        }
    }

    private static final class NioImplHandle extends JdkSocketHandle {
        static final ImplAccess ACCESS = ImplAccess.load("sun.nio.ch.NioSocketImpl", null);
        private static final VarHandle STATE = ACCESS.state;
        private static final int CLOSING = ACCESS.closing;

        NioImplHandle(Object impl, Object lock, int fd) {
            super(impl, lock, fd);
        }

        @Override
        public boolean isClosing() {
            return (int) STATE.get(impl()) >= CLOSING;
        }
    }

    /** The handle of a descriptor sockopt4j owns: {@link OwnedFd} is its lock and knows whether it is closed. */
    static JdkSocketHandle ofOwnedFd(OwnedFd owned, int fd) {
        return new OwnedFdHandle(owned, fd);
    }

    private static final class OwnedFdHandle extends JdkSocketHandle {
        OwnedFdHandle(OwnedFd owned, int fd) {
            super(owned, owned, fd);
        }

        @Override
        public boolean isClosing() {
            return ((OwnedFd) impl()).isClosed();
        }
    }

    /** See {@link #ofForeignFd}. */
    private static final class ForeignFdHandle extends JdkSocketHandle {
        private final BooleanSupplier isOpen;
        private final BooleanSupplier onOwnerThread;

        ForeignFdHandle(int fd, BooleanSupplier isOpen, BooleanSupplier onOwnerThread) {
            // A private lock: callers all run on the owner thread, so it is never contended.
            super(new Object(), new Object(), fd);
            this.isOpen = isOpen;
            this.onOwnerThread = onOwnerThread;
        }

        @Override
        public boolean isClosing() {
            if (!onOwnerThread.getAsBoolean()) {
                throw new IllegalStateException("fd " + fd() + " is owned by another library and may be used only on "
                        + "the thread that closes it; called on " + Thread.currentThread().getName());
            }
            return !isOpen.getAsBoolean();
        }
    }

    /** A socket that was closed before sockopt4j could read its fd. */
    private static final class Closed extends JdkSocketHandle {
        static final Closed INSTANCE = new Closed();

        private Closed() {
            super(new Object(), new Object(), -1);
        }

        @Override
        public boolean isClosing() {
            return true;
        }
    }

    // ---- reflection, done once per class ----------------------------------------------------

    /**
     * Handles on one JDK implementation class, or the reason they could not be had. A record:
     * the JIT trusts a record's fields as constants (not a plain class's final fields), so each
     * {@code VarHandle} reached through a static final {@code ImplAccess} folds into a field read.
     */
    private record ImplAccess(Class<?> type, VarHandle state, VarHandle lock, VarHandle fdVal, int closing,
                              RuntimeException failure) {

        static ImplAccess load(String className, String fdField) {
            try {
                Class<?> type = Class.forName(className);
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                return new ImplAccess(type,
                        l.findVarHandle(type, "state", int.class),
                        l.findVarHandle(type, "stateLock", Object.class),
                        fdField == null ? null : l.findVarHandle(type, fdField, int.class),
                        (int) l.findStaticVarHandle(type, "ST_CLOSING", int.class).get(),
                        null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new ImplAccess(null, null, null, null, Integer.MAX_VALUE,
                        JdkAccess.failure(className, e));
            }
        }

        ImplAccess require(Object impl) {
            if (failure != null) {
                throw failure;
            }
            if (!type.isInstance(impl)) {
                throw new UnsupportedOperationException(impl.getClass().getName()
                        + " is not supported: sockopt4j works with the JDK's own " + type.getName());
            }
            return this;
        }

        Object lockOf(Object impl) {
            return lock.get(impl);
        }

        int fdOf(Object impl) {
            return (int) fdVal.get(impl);
        }
    }

    /** {@code Socket}/{@code ServerSocket} to their {@code NioSocketImpl} and its fd. */
    private static final class SocketAccess {
        static final MethodHandle SOCKET_GET_IMPL;
        static final MethodHandle SERVER_SOCKET_GET_IMPL;
        static final MethodHandle DELEGATE;
        /** JDK 17 to 21: the lock {@code close()} holds; null on later JDKs, whose getImpl refuses a closed socket. */
        static final VarHandle SOCKET_CLOSE_LOCK = closeLock(Socket.class);
        static final VarHandle SERVER_SOCKET_CLOSE_LOCK = closeLock(ServerSocket.class);
        static final MethodHandle IMPL_INPUT;
        static final VarHandle SOCKET_IMPL;
        static final VarHandle IMPL_FD;
        static final VarHandle FD_INT;
        static final Class<?> DELEGATING;
        static final RuntimeException FAILURE;

        static {
            MethodHandle socketGetImpl = null, serverGetImpl = null, delegate = null, implInput = null;
            VarHandle socketImpl = null, implFd = null, fdInt = null;
            Class<?> delegating = null;
            RuntimeException failure = null;
            try {
                MethodHandles.Lookup self = MethodHandles.lookup();
                MethodType getImpl = MethodType.methodType(SocketImpl.class);
                socketGetImpl = MethodHandles.privateLookupIn(Socket.class, self)
                        .findVirtual(Socket.class, "getImpl", getImpl);
                serverGetImpl = MethodHandles.privateLookupIn(ServerSocket.class, self)
                        .findVirtual(ServerSocket.class, "getImpl", getImpl);
                delegating = Class.forName("java.net.DelegatingSocketImpl");
                delegate = MethodHandles.privateLookupIn(delegating, self)
                        .findVirtual(delegating, "delegate", getImpl);
                socketImpl = MethodHandles.privateLookupIn(Socket.class, self)
                        .findVarHandle(Socket.class, "impl", SocketImpl.class);
                MethodHandles.Lookup inImpl = MethodHandles.privateLookupIn(SocketImpl.class, self);
                implFd = inImpl.findVarHandle(SocketImpl.class, "fd", FileDescriptor.class);
                implInput = inImpl.findVirtual(SocketImpl.class, "getInputStream", MethodType.methodType(InputStream.class));
                fdInt = MethodHandles.privateLookupIn(FileDescriptor.class, self)
                        .findVarHandle(FileDescriptor.class, "fd", int.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure = JdkAccess.failure("java.net.Socket", e);
            }
            SOCKET_GET_IMPL = socketGetImpl;
            SERVER_SOCKET_GET_IMPL = serverGetImpl;
            DELEGATE = delegate;
            IMPL_INPUT = implInput;
            SOCKET_IMPL = socketImpl;
            IMPL_FD = implFd;
            FD_INT = fdInt;
            DELEGATING = delegating;
            FAILURE = failure;
        }

        private static VarHandle closeLock(Class<?> type) {
            try {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                        .findVarHandle(type, "closeLock", Object.class);
            } catch (ReflectiveOperationException | RuntimeException absent) {
                return null;
            }
        }

        /**
         * The innermost impl (its fd created if need be, as the JDK does on a first option), or null
         * when the socket is closed. JDK 17's {@code getImpl} creates a fresh fd even for a socket
         * closed before it had one, and nothing would ever close that fd: so the closed check and
         * {@code getImpl} run under the lock {@code close()} takes there.
         */
        static SocketImpl implOf(Object socket, BooleanSupplier isClosed, MethodHandle getImpl, VarHandle closeLock) {
            if (FAILURE != null) {
                throw FAILURE;
            }
            Object lock = closeLock == null ? null : closeLock.get(socket);
            if (lock == null) {
                return isClosed.getAsBoolean() ? null : implOf(socket, getImpl);
            }
            synchronized (lock) {
                return isClosed.getAsBoolean() ? null : implOf(socket, getImpl);
            }
        }

        private static SocketImpl implOf(Object socket, MethodHandle getImpl) {
            try {
                SocketImpl impl = (SocketImpl) getImpl.invoke(socket);
                while (DELEGATING.isInstance(impl)) {
                    impl = (SocketImpl) DELEGATE.invoke(impl);
                }
                return impl;
            } catch (SocketException closed) {
                return null; // "Socket is closed": every call on the handle will say so
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read the SocketImpl of " + socket, t);
            }
        }

        /**
         * Whether the socket's innermost impl already has an fd, read without creating one
         * ({@code getImpl()} would). JDK 17 keeps an impl object without an fd until first use;
         * JDK 25 may have no impl object at all.
         */
        static boolean hasOwnFd(Socket socket) {
            if (FAILURE != null) {
                throw FAILURE;
            }
            try {
                SocketImpl impl = (SocketImpl) SOCKET_IMPL.get(socket);
                while (impl != null && DELEGATING.isInstance(impl)) {
                    impl = (SocketImpl) DELEGATE.invoke(impl);
                }
                return impl != null && IMPL_FD.get(impl) != null;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read the SocketImpl of " + socket, t);
            }
        }

        static InputStream inputOf(SocketImpl impl) throws IOException {
            try {
                return (InputStream) IMPL_INPUT.invoke(impl);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read the input stream of " + impl, t);
            }
        }

        static int fdOf(SocketImpl impl) {
            FileDescriptor fd = (FileDescriptor) IMPL_FD.get(impl);
            return fd == null ? -1 : (int) FD_INT.get(fd);
        }
    }
}
