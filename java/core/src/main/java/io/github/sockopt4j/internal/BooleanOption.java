package io.github.sockopt4j.internal;

/** A C {@code int} option used as a flag: {@code true} is 1, anything non-zero reads as true. */
public final class BooleanOption extends NativeOption<Boolean> {

    public BooleanOption(String name, OptionLevel level) {
        super(name, Boolean.class, level, false);
    }

    @Override
    public int capacity() {
        return IntOptionCodec.SIZE;
    }

    @Override
    public void validate(Boolean value) {
        if (value == null) {
            throw new IllegalArgumentException(name() + ": value must be true or false, not null");
        }
    }

    @Override
    public int encode(Boolean value, NativeBuffer buffer, int offset) {
        buffer.putInt(offset, value ? 1 : 0);
        return IntOptionCodec.SIZE;
    }

    @Override
    public Boolean decode(NativeBuffer buffer, int offset, int length) {
        return IntOptionCodec.decode(name(), buffer, offset, length) != 0;
    }
}
