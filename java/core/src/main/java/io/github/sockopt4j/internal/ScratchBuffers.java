package io.github.sockopt4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Native scratch memory for one syscall at a time, shared by every socket: a fixed set of
 * buffers, each claimed by compare-and-set from a slot chosen by thread id and given back right
 * after the call. So a {@code NativeSocket} allocates no native memory of its own (a view made
 * for one close costs no {@code malloc}, no cleaner and no GC work), and there is none per thread
 * either (a {@code ThreadLocal} would give every virtual thread its own).
 *
 * <p>A buffer is held across one non-blocking syscall. When every slot is taken (more threads in
 * a syscall than slots, or a call that needs a second buffer while holding one), {@link #acquire}
 * allocates a fresh buffer instead of waiting, so a claim never blocks and never deadlocks.
 */
public final class ScratchBuffers {
    private static final int INTS_PER_LINE = 64 / Integer.BYTES;
    private static final VarHandle BUSY = MethodHandles.arrayElementVarHandle(int[].class);

    private final NativeBackend backend;
    private final int size;
    private final int mask;
    /** One flag per slot, a cache line apart so that threads on different slots do not contend. */
    private final int[] busy;
    /** Allocated at a slot's first claim, by its claimer; read only by later claimers (the CAS orders it). */
    private final NativeBuffer[] buffers;

    /** Buffers of {@code size} bytes from {@code backend}. */
    public ScratchBuffers(NativeBackend backend, int size) {
        this.backend = backend;
        this.size = size;
        int slots = Integer.highestOneBit(Math.max(16, Runtime.getRuntime().availableProcessors() * 8) * 2 - 1);
        mask = slots - 1;
        busy = new int[slots * INTS_PER_LINE];
        buffers = new NativeBuffer[slots];
    }

    /** A buffer of {@link #size()} bytes for one call, not zeroed; give it back with {@link #release}. */
    public NativeBuffer acquire() {
        int start = (int) Thread.currentThread().getId();
        for (int i = 0; i <= mask; i++) {
            int slot = (start + i) & mask;
            if (BUSY.compareAndSet(busy, slot * INTS_PER_LINE, 0, 1)) {
                NativeBuffer b = buffers[slot];
                if (b == null) {
                    b = backend.allocate(size);
                    buffers[slot] = b;
                }
                return b;
            }
        }
        return backend.allocate(size);
    }

    /** Gives back a buffer from {@link #acquire}; one allocated because all slots were taken is left to the GC. */
    public void release(NativeBuffer buffer) {
        int start = (int) Thread.currentThread().getId();
        for (int i = 0; i <= mask; i++) {
            int slot = (start + i) & mask;
            if (buffers[slot] == buffer) {
                BUSY.setRelease(busy, slot * INTS_PER_LINE, 0);
                return;
            }
        }
    }

    /** The size of every buffer. */
    public int size() {
        return size;
    }
}
