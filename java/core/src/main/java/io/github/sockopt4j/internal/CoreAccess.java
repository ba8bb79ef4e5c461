package io.github.sockopt4j.internal;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.SocketQueues;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * The core's non-public constructors, for the project's own modules that close sockets the JDK
 * does not own (sockopt4j-netty). The public packages install their factories here when their
 * classes initialise; this package is exported only to those modules, so the factories are no
 * API.
 */
public final class CoreAccess {
    private static volatile BiFunction<JdkSocketHandle, Object, NativeSocket> sockets;
    private static volatile ReportFactory reports;
    private static volatile Looker looker;
    private static volatile FdCaller fdCaller;

    private CoreAccess() {}

    /** The package-private constructor of {@link CloseReport}. */
    @FunctionalInterface
    public interface ReportFactory {
        /** See {@link CloseReport}'s accessors for each value. */
        CloseReport create(CloseStrategy strategy, SocketQueues atStart, SocketQueues atClose, long bytesDrained,
                           DrainEnd drainEnd, FinalSignal finalSignal, Duration elapsed, IOException failure);
    }

    /** {@link NativeSocket}'s package-private {@link QueueLook}. */
    @FunctionalInterface
    public interface Looker {
        /** See {@link QueueLook} for {@code lingerWhen} and the syscalls. */
        CloseLook look(NativeSocket socket, int lingerWhen) throws IOException;
    }

    /** Called once, by {@link NativeSocket}'s static initialiser. */
    public static void installLooker(Looker l) {
        looker = install(looker, l);
    }

    /**
     * What a close reads before it decides, under one hold of the JDK's lock: see
     * {@link QueueLook}.
     */
    public static CloseLook look(NativeSocket socket, int lingerWhen) throws IOException {
        return looker.look(socket, lingerWhen);
    }

    /** {@link NativeSocket}'s package-private hold of the fd. */
    @FunctionalInterface
    public interface FdCaller {
        /** See {@link CoreAccess#withFd}. */
        long call(NativeSocket socket, FdCall call) throws ClosedChannelException;
    }

    /** A syscall on a JDK socket's fd, made while the JDK cannot close it. */
    @FunctionalInterface
    public interface FdCall {
        /** The syscall's result: {@code -errno} for a failure, as {@link NativeBackend} returns it. */
        long call(int fd);
    }

    /** Called once, by {@link NativeSocket}'s static initialiser. */
    public static void installFdCaller(FdCaller c) {
        fdCaller = install(fdCaller, c);
    }

    /**
     * Makes {@code call} on the socket's fd while holding the JDK's close lock, after checking
     * that the JDK has not started closing it: so the fd is this socket's, not a recycled number.
     * For calls sockopt4j makes with an fd of its own as the target ({@code epoll_ctl}).
     *
     * @return what {@code call} returned
     * @throws ClosedChannelException if the JDK object is closed (nothing called)
     */
    public static long withFd(NativeSocket socket, FdCall call) throws ClosedChannelException {
        return fdCaller.call(socket, call);
    }

    /** Called once, by {@link NativeSocket}'s static initialiser. */
    public static void installSocketFactory(BiFunction<JdkSocketHandle, Object, NativeSocket> factory) {
        sockets = install(sockets, factory);
    }

    /** Called once, by {@link CloseReport}'s static initialiser. */
    public static void installReportFactory(ReportFactory factory) {
        reports = install(reports, factory);
    }

    private static <T> T install(T current, T factory) {
        if (current != null) {
            throw new IllegalStateException("already installed");
        }
        return Objects.requireNonNull(factory, "factory");
    }

    /**
     * A {@link NativeSocket} over an fd another library owns; see
     * {@link JdkSocketHandle#ofForeignFd} for the contract that keeps it from acting on a
     * recycled fd. The view never closes the fd.
     *
     * @param owner the object that owns the fd, for {@code toString}
     */
    public static NativeSocket foreignSocket(int fd, BooleanSupplier isOpen, BooleanSupplier onOwnerThread,
                                             Object owner) {
        NativeSocket.backend(); // initialises NativeSocket, which installs its factory
        return sockets.apply(JdkSocketHandle.ofForeignFd(fd, isOpen, onOwnerThread), owner);
    }

    /** A report built outside {@code Close}, with the same rules: {@code atStart} may be null (not seen). */
    public static CloseReport report(CloseStrategy strategy, SocketQueues atStart, SocketQueues atClose,
                                     long bytesDrained, DrainEnd drainEnd, FinalSignal finalSignal, Duration elapsed,
                                     IOException failure) {
        ensureInitialized(CloseReport.class);
        return reports.create(strategy, atStart, atClose, bytesDrained, drainEnd, finalSignal, elapsed, failure);
    }

    private static void ensureInitialized(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
