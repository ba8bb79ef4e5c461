package io.github.sockopt4j.internal;

/**
 * A C {@code unsigned int} option (such as {@code TCP_NOTSENT_LOWAT}) as a {@code long} in
 * {@code [min, 2^32 - 1]}, so values above {@code Integer.MAX_VALUE} need no sign tricks.
 */
public final class UnsignedIntOption extends IntValuedOption<Long> {
    /** The largest C {@code unsigned int}. */
    public static final long MAX = 0xFFFF_FFFFL;

    private final long min;
    private final String unit;

    public UnsignedIntOption(String name, OptionLevel level, long min, String unit) {
        super(name, Long.class, level, false);
        this.min = min;
        this.unit = unit;
    }

    @Override
    public void validate(Long value) {
        if (value == null || value < min || value > MAX) {
            throw outOfRange(value, "[" + min + ", " + MAX + "] " + unit + " (unsigned 32-bit)");
        }
    }

    @Override
    public int toInt(Long value) {
        return (int) value.longValue();
    }

    @Override
    public Long fromInt(int raw) {
        return Integer.toUnsignedLong(raw);
    }
}
