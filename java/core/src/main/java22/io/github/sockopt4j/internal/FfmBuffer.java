package io.github.sockopt4j.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Native memory from an automatic arena (freed by the GC when the buffer is unreachable). Every
 * access goes through the segment, whose bounds checks keep it inside the allocation. Unaligned
 * layouts, as with JNA: the caller chooses offsets (C structs are aligned; raw values may not be).
 */
final class FfmBuffer implements NativeBuffer {
    private final MemorySegment segment;

    /** Zeroed, as an arena's allocations are. */
    FfmBuffer(int size) {
        segment = Arena.ofAuto().allocate(size, Long.BYTES);
    }

    @Override public long address() { return segment.address(); }
    @Override public int size() { return (int) segment.byteSize(); }
    @Override public int getInt(int offset) { return segment.get(JAVA_INT_UNALIGNED, offset); }
    @Override public void putInt(int offset, int value) { segment.set(JAVA_INT_UNALIGNED, offset, value); }
    @Override public long getLong(int offset) { return segment.get(JAVA_LONG_UNALIGNED, offset); }
    @Override public void putLong(int offset, long value) { segment.set(JAVA_LONG_UNALIGNED, offset, value); }
    @Override public byte getByte(int offset) { return segment.get(JAVA_BYTE, offset); }

    @Override
    public void read(int offset, byte[] dst, int dstOffset, int length) {
        // MemorySegment.copy into an array wraps the array in a heap segment per call, which only
        // escape analysis removes; word by word allocates nothing. Both sides are bounds-checked.
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            LONGS_IN_BYTES.set(dst, dstOffset + i, segment.get(JAVA_LONG_UNALIGNED, offset + i));
        }
        for (; i < length; i++) {
            dst[dstOffset + i] = segment.get(JAVA_BYTE, offset + i);
        }
    }

    private static final VarHandle LONGS_IN_BYTES =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    @Override
    public void write(int offset, byte[] src, int srcOffset, int length) {
        MemorySegment.copy(src, srcOffset, segment, JAVA_BYTE, offset, length);
    }

    @Override
    public void clear(int offset, int length) {
        segment.asSlice(offset, length).fill((byte) 0);
    }
}
