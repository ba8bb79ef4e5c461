package io.github.sockopt4j.internal;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A C {@code int} option that counts time in one unit (ms, s or µs), as a {@link Duration}.
 * A value that is not a whole number of that unit is rejected rather than rounded.
 */
public final class DurationOption extends IntValuedOption<Duration> {
    private final ChronoUnit unit;
    private final long min;
    private final long max;

    public DurationOption(String name, OptionLevel level, ChronoUnit unit, long min, long max) {
        super(name, Duration.class, level, false);
        this.unit = unit;
        this.min = min;
        this.max = max;
    }

    private String range() {
        return "[" + Duration.of(min, unit) + ", " + Duration.of(max, unit) + "] in whole "
                + unit.toString().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void validate(Duration value) {
        if (value == null || value.compareTo(Duration.of(min, unit)) < 0
                || value.compareTo(Duration.of(max, unit)) > 0
                || !Duration.of(toUnits(value), unit).equals(value)) {
            throw outOfRange(value, range());
        }
    }

    private long toUnits(Duration d) {
        return d.dividedBy(unit.getDuration());
    }

    @Override
    public int toInt(Duration value) {
        return (int) toUnits(value);
    }

    @Override
    public Duration fromInt(int raw) {
        return Duration.of(raw, unit);
    }
}
