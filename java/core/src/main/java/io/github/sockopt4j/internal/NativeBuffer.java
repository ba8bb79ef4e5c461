package io.github.sockopt4j.internal;

/**
 * Native memory owned by one user at a time, addressed by byte offset. Accessors check bounds
 * in Java, so nothing can read or write past the allocation.
 */
public interface NativeBuffer {

    long address();

    int size();

    int getInt(int offset);

    void putInt(int offset, int value);

    long getLong(int offset);

    void putLong(int offset, long value);

    byte getByte(int offset);

    void read(int offset, byte[] dst, int dstOffset, int length);

    void write(int offset, byte[] src, int srcOffset, int length);

    /** Zeroes {@code length} bytes from {@code offset}. */
    void clear(int offset, int length);
}
