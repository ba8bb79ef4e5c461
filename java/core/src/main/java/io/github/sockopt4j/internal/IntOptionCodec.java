package io.github.sockopt4j.internal;

/** Reading and writing a C {@code int} option value; shared by the int-valued option kinds. */
final class IntOptionCodec {
    static final int SIZE = Integer.BYTES;

    private IntOptionCodec() {}

    static int decode(String name, NativeBuffer buffer, int offset, int length) {
        if (length == SIZE) {
            return buffer.getInt(offset);
        }
        if (length == 1) {
            return buffer.getByte(offset) & 0xff; // a few IP options answer with one byte
        }
        throw new IllegalStateException(name + ": the kernel returned " + length + " bytes, expected 4");
    }
}
