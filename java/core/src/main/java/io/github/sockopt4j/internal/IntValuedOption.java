package io.github.sockopt4j.internal;

/**
 * An option whose C value is one {@code int}: its Java value maps to and from that {@code int},
 * so a backend with calls of their own for {@code int} options ({@link NativeBackend#hasIntCalls})
 * needs no memory for it.
 */
public abstract class IntValuedOption<T> extends NativeOption<T> {
    static final int SIZE = Integer.BYTES;

    protected IntValuedOption(String name, Class<T> type, OptionLevel level, boolean readOnly) {
        super(name, type, level, readOnly);
    }

    /** The C {@code int} of a validated value. */
    public abstract int toInt(T value);

    /** The value of the C {@code int} the kernel returned. */
    public abstract T fromInt(int raw);

    @Override
    public final int capacity() {
        return SIZE;
    }

    @Override
    public final int encode(T value, NativeBuffer buffer, int offset) {
        buffer.putInt(offset, toInt(value));
        return SIZE;
    }

    @Override
    public final T decode(NativeBuffer buffer, int offset, int length) {
        return fromInt(raw(buffer, offset, length));
    }

    /** The {@code int} of the kernel's answer of {@code length} bytes at {@code offset}. */
    public final int raw(NativeBuffer buffer, int offset, int length) {
        return raw(length, length == 1 ? buffer.getByte(offset) : buffer.getInt(offset));
    }

    /**
     * The {@code int} in the kernel's answer of {@code length} bytes, whose first 4 (or 1) are
     * {@code value}: a few IP options answer with one byte.
     */
    public final int raw(int length, int value) {
        if (length == SIZE) {
            return value;
        }
        if (length == 1) {
            return value & 0xff;
        }
        throw new IllegalStateException(name() + ": the kernel returned " + length + " bytes, expected 4");
    }
}
