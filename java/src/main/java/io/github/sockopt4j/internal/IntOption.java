package io.github.sockopt4j.internal;

/** A C {@code int} option with an inclusive range checked before the syscall. */
public final class IntOption extends NativeOption<Integer> {
    private final int min;
    private final int max;
    private final String unit;

    public IntOption(String name, String levelName, int min, int max, String unit, boolean readOnly) {
        super(name, Integer.class, levelName, readOnly);
        this.min = min;
        this.max = max;
        this.unit = unit;
    }

    @Override
    public int capacity() {
        return IntOptionCodec.SIZE;
    }

    @Override
    public void validate(Integer value) {
        if (value == null || value < min || value > max) {
            throw outOfRange(value, "[" + min + ", " + max + "]" + (unit.isEmpty() ? "" : " " + unit));
        }
    }

    @Override
    public int encode(Integer value, NativeBuffer buffer, int offset) {
        buffer.putInt(offset, value);
        return IntOptionCodec.SIZE;
    }

    @Override
    public Integer decode(NativeBuffer buffer, int offset, int length) {
        return IntOptionCodec.decode(name(), buffer, offset, length);
    }
}
