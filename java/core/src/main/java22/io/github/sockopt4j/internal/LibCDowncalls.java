package io.github.sockopt4j.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The C library through FFM downcall handles: the twin of {@link LibC}, one handle per function,
 * in the same order. Each is {@code static final} so that the JIT inlines the call. The handles
 * of calls that set errno return {@code -errno} for a failure, as {@link NativeBackend} wants: each
 * claims a capture-state segment from {@link CallStates}, into which the call saves errno, reads
 * errno only after {@code -1}, and gives the segment back, all built once from method-handle
 * combinators so that no call site repeats it.
 *
 * <p>Pointers are passed as {@code JAVA_LONG} addresses, as {@link NativeBackend} hands them
 * over: on the LP64 ABIs sockopt4j supports (x86-64, aarch64) a pointer and a {@code long} travel
 * in the same integer register, and no {@code MemorySegment} has to be made per call.
 */
@SuppressWarnings("restricted") // linking native functions is what this class is for; access is checked at run time
final class LibCDowncalls {
    private static final Linker LINKER = Linker.nativeLinker();

    /** The layout of the capture-state segment, and where errno is in it. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final CallStates STATES = new CallStates();

    static final MethodHandle SETSOCKOPT = withErrno("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));

    static final MethodHandle GETSOCKOPT = withErrno("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));

    /** {@code ioctl(int, unsigned long, ...)}: variadic from the third argument. */
    static final MethodHandle IOCTL = withErrno("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));

    static final MethodHandle SHUTDOWN = withErrno("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    static final MethodHandle SOCKET = withErrno("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    static final MethodHandle CLOSE = withErrno("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** {@code fcntl(int, int, ...)}: variadic from the third argument. */
    static final MethodHandle FCNTL = withErrno("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    static final MethodHandle BIND = withErrno("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));

    /** {@code ssize_t recvfrom(int, void *, size_t, int, struct sockaddr *, socklen_t *)}. */
    static final MethodHandle RECVFROM = withErrno("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));

    static final MethodHandle EPOLL_CREATE1 = withErrno("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    static final MethodHandle EPOLL_CTL = withErrno("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));

    static final MethodHandle EPOLL_WAIT = withErrno("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));

    static final MethodHandle EVENTFD = withErrno("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    /** {@code ssize_t read(int, void *, size_t)}, and {@code write} alike. */
    private static final FunctionDescriptor READ_WRITE = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);

    static final MethodHandle READ = withErrno("read", READ_WRITE);

    static final MethodHandle WRITE = withErrno("write", READ_WRITE);

    static final MethodHandle IF_NAMETOINDEX = LINKER.downcallHandle(find("if_nametoindex"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    static final MethodHandle STRERROR = LINKER.downcallHandle(find("strerror"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LibCDowncalls() {}

    private static MethodHandle withErrno(String name, FunctionDescriptor function, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(more, 0, options, 1, more.length);
        return errnoOnFailure(LINKER.downcallHandle(find(name), function, options));
    }

    /**
     * {@code (args) r} from {@code raw = (state, args) r}: claim a state, call, turn {@code -1} into
     * {@code -errno}, give the state back (also when the call throws).
     */
    private static MethodHandle errnoOnFailure(MethodHandle raw) {
        Class<?> r = raw.type().returnType();
        // (state, args, state) r, then the two states made one: (state, args) r
        MethodHandle checked = MethodHandles.collectArguments(helper(r, "result", r, MemorySegment.class), 0, raw);
        int[] reorder = new int[raw.type().parameterCount() + 1];
        for (int i = 0; i < reorder.length - 1; i++) {
            reorder[i] = i;
        }
        checked = MethodHandles.permuteArguments(checked, raw.type(), reorder);
        checked = MethodHandles.tryFinally(checked, helper(r, "release", Throwable.class, r, MemorySegment.class));
        return MethodHandles.foldArguments(checked, helper(MemorySegment.class, "acquire"));
    }

    private static MethodHandle helper(Class<?> returns, String name, Class<?>... parameters) {
        try {
            return MethodHandles.lookup().findStatic(LibCDowncalls.class, name, MethodType.methodType(returns, parameters));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static MemorySegment acquire() {
        return STATES.acquire();
    }

    private static int result(int r, MemorySegment state) {
        return r == -1 ? -CallStates.errno(state) : r;
    }

    private static long result(long r, MemorySegment state) {
        return r == -1 ? -CallStates.errno(state) : r;
    }

    private static int release(Throwable thrown, int r, MemorySegment state) {
        STATES.release(state);
        return r;
    }

    private static long release(Throwable thrown, long r, MemorySegment state) {
        STATES.release(state);
        return r;
    }

    private static MemorySegment find(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
    }

    /** What a downcall threw, to rethrow: {@code invokeExact} declares Throwable, but only unchecked ones occur. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException("a downcall threw", t);
    }
}
