package io.github.sockopt4j.internal;

/**
 * A C {@code int} option with an inclusive range checked before the syscall, and optionally one
 * value outside it that the kernel reads as "back to the default" (such as {@code -1} for
 * {@code IP_TTL}).
 */
public final class IntOption extends IntValuedOption<Integer> {
    private final int min;
    private final int max;
    private final String unit;
    private final Integer resetValue;

    private IntOption(String name, OptionLevel level, int min, int max, String unit, boolean readOnly,
                      Integer resetValue) {
        super(name, Integer.class, level, readOnly);
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.resetValue = resetValue;
    }

    /** A settable option taking {@code [min, max]} (both C constants or type limits). */
    public static IntOption range(String name, OptionLevel level, int min, int max, String unit) {
        return new IntOption(name, level, min, max, unit, false, null);
    }

    /** A read-only option. */
    public static IntOption readOnly(String name, OptionLevel level, String unit) {
        return new IntOption(name, level, Integer.MIN_VALUE, Integer.MAX_VALUE, unit, true, null);
    }

    /** This option, also accepting {@code value} (outside the range) as "the system default". */
    public IntOption orReset(int value) {
        return new IntOption(name(), optionLevel(), min, max, unit, isReadOnly(), value);
    }

    @Override
    public void validate(Integer value) {
        if (value != null && value.equals(resetValue)) {
            return;
        }
        if (value == null || value < min || value > max) {
            throw outOfRange(value, "[" + min + ", " + max + "]" + (unit.isEmpty() ? "" : " " + unit)
                    + (resetValue == null ? "" : ", or " + resetValue + " for the system default"));
        }
    }

    @Override
    public int toInt(Integer value) {
        return value;
    }

    @Override
    public Integer fromInt(int raw) {
        return raw;
    }
}
