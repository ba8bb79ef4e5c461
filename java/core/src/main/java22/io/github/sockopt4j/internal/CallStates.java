package io.github.sockopt4j.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reusable capture-state segments, into which FFM downcalls save errno. A call writes errno into
 * the segment it is given, so a segment must belong to one call from the call until errno is read.
 *
 * <p>A fixed set of slots, one cache line each, claimed by compare-and-set from a slot chosen by
 * thread id: no allocation per call and none per thread. A {@code ThreadLocal} would allocate one
 * native segment for every virtual thread that makes a call. A slot is held across one
 * non-blocking syscall only, so a claim rarely has to look past its first slot.
 */
final class CallStates {
    private static final long STRIDE = 64;
    private static final int INTS_PER_LINE = (int) (STRIDE / Integer.BYTES);
    private static final VarHandle BUSY = MethodHandles.arrayElementVarHandle(int[].class);

    private final int mask;
    /** One flag per slot, a cache line apart so that threads on different slots do not contend. */
    private final int[] busy;
    private final MemorySegment[] states;
    private final long base;

    CallStates() {
        int slots = Integer.highestOneBit(Math.max(16, Runtime.getRuntime().availableProcessors() * 8) * 2 - 1);
        mask = slots - 1;
        busy = new int[slots * INTS_PER_LINE];
        MemorySegment all = Arena.ofAuto().allocate(slots * STRIDE, STRIDE);
        base = all.address();
        states = new MemorySegment[slots];
        for (int i = 0; i < slots; i++) {
            states[i] = all.asSlice(i * STRIDE, LibCDowncalls.CALL_STATE.byteSize());
        }
    }

    /** A segment for one call; give it back with {@link #release}. */
    MemorySegment acquire() {
        int start = (int) Thread.currentThread().threadId();
        for (int i = 0; ; i++) {
            int slot = (start + i) & mask;
            if (BUSY.compareAndSet(busy, slot * INTS_PER_LINE, 0, 1)) {
                return states[slot];
            }
            if ((i & mask) == mask) {
                Thread.yield(); // every slot is in a syscall: let one finish
            }
        }
    }

    /** The errno the last call saved into {@code state}. */
    static int errno(MemorySegment state) {
        return state.get(ValueLayout.JAVA_INT, LibCDowncalls.ERRNO_OFFSET);
    }

    void release(MemorySegment state) {
        int slot = (int) ((state.address() - base) / STRIDE);
        BUSY.setRelease(busy, slot * INTS_PER_LINE, 0);
    }
}
