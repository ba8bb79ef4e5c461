package io.github.sockopt4j.internal;

/** A read-only 64-bit option, such as {@code SO_COOKIE}. */
public final class LongOption extends NativeOption<Long> {

    public LongOption(String name, OptionLevel level) {
        super(name, Long.class, level, true);
    }

    @Override
    public int capacity() {
        return Long.BYTES;
    }

    @Override
    public void validate(Long value) {
        throw new UnsupportedOperationException(readOnlyMessage());
    }

    @Override
    public int encode(Long value, NativeBuffer buffer, int offset) {
        throw new UnsupportedOperationException(readOnlyMessage());
    }

    @Override
    public Long decode(NativeBuffer buffer, int offset, int length) {
        if (length != Long.BYTES) {
            throw new IllegalStateException(name() + ": the kernel returned " + length + " bytes, expected 8");
        }
        return buffer.getLong(offset);
    }
}
