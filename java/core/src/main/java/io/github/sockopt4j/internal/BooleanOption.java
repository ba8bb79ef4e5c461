package io.github.sockopt4j.internal;

/** A C {@code int} option used as a flag: {@code true} is 1, anything non-zero reads as true. */
public final class BooleanOption extends IntValuedOption<Boolean> {

    public BooleanOption(String name, OptionLevel level) {
        super(name, Boolean.class, level, false);
    }

    @Override
    public void validate(Boolean value) {
        if (value == null) {
            throw new IllegalArgumentException(name() + ": value must be true or false, not null");
        }
    }

    @Override
    public int toInt(Boolean value) {
        return value ? 1 : 0;
    }

    @Override
    public Boolean fromInt(int raw) {
        return raw != 0;
    }
}
