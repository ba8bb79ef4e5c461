package io.github.sockopt4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The floor for any FFM route: a bare {@code setsockopt} downcall with errno captured into one
 * pre-allocated segment, no checks and no locking (single-threaded use only). Written here,
 * outside the library, as the benchmarks' peer.
 */
@SuppressWarnings("restricted") // a benchmark of native calls
final class FfmDirectBaseline {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemorySegment SETSOCKOPT = LINKER.defaultLookup().find("setsockopt").orElseThrow();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle BY_LONG = LINKER.downcallHandle(SETSOCKOPT,
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO);
    private static final MethodHandle BY_SEGMENT = LINKER.downcallHandle(SETSOCKOPT,
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    private final MemorySegment state = Arena.ofAuto().allocate(Linker.Option.captureStateLayout());
    private final MemorySegment value = Arena.ofAuto().allocate(JAVA_INT);
    private final long address = value.address();

    int set(int fd, int level, int name, int v) {
        value.set(JAVA_INT, 0, v);
        try {
            return (int) BY_LONG.invokeExact(state, fd, level, name, address, 4);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int setViaSegment(int fd, int level, int name, int v) {
        value.set(JAVA_INT, 0, v);
        try {
            return (int) BY_SEGMENT.invokeExact(state, fd, level, name, MemorySegment.ofAddress(address), 4);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
