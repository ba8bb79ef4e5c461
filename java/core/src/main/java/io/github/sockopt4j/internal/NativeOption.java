package io.github.sockopt4j.internal;

import java.net.SocketOption;

/**
 * A socket option that sockopt4j sets with {@code setsockopt}: its C level and name (resolved
 * from the constant table once), and how its Java value is validated, encoded and decoded.
 *
 * <p>Validation happens in Java before any syscall and names the option and the allowed range.
 * Encoding writes at most {@link #capacity()} bytes, which callers have checked fits their buffer.
 */
public abstract class NativeOption<T> implements SocketOption<T> {
    private final String name;
    private final Class<T> type;
    private final OptionLevel optionLevel;
    private final int level;
    private final int optname;
    private final boolean readOnly;

    protected NativeOption(String name, Class<T> type, OptionLevel optionLevel, boolean readOnly) {
        this.name = name;
        this.type = type;
        this.optionLevel = optionLevel;
        this.level = ConstantTable.getOrDefault(optionLevel.cName(), -1);
        this.optname = ConstantTable.getOrDefault(name, -1);
        this.readOnly = readOnly;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Class<T> type() {
        return type;
    }

    /** The C level name, e.g. {@code IPPROTO_TCP}. */
    public final String levelName() {
        return optionLevel.cName();
    }

    /** The level, with the sockets it applies to. */
    public final OptionLevel optionLevel() {
        return optionLevel;
    }

    /** Which sockets (address families) the option applies to. */
    public final OptionLevel.FamilyScope scope() {
        return optionLevel.scope();
    }

    public final boolean isReadOnly() {
        return readOnly;
    }

    /** The C level; throws on a platform whose table lacks this option. */
    public final int level() {
        requirePlatform();
        return level;
    }

    /** The C option name; throws on a platform whose table lacks this option. */
    public final int optname() {
        requirePlatform();
        return optname;
    }

    private void requirePlatform() {
        if (level < 0 || optname < 0) {
            throw new UnsupportedOperationException(
                    name + " is not available on " + ConstantTable.platform());
        }
    }

    /** Bytes that {@code getsockopt} is offered and that {@link #encode} may write. */
    public abstract int capacity();

    /** Throws {@link IllegalArgumentException} naming the option and the allowed values. */
    public abstract void validate(T value);

    /** Writes a validated value at {@code offset}; returns its length in bytes. */
    public abstract int encode(T value, NativeBuffer buffer, int offset);

    /** Reads the value the kernel returned ({@code length} bytes at {@code offset}). */
    public abstract T decode(NativeBuffer buffer, int offset, int length);

    /** {@code NAME=value} for messages. */
    public String describe(T value) {
        return name + "=" + value;
    }

    /** A value-less description for messages about reading the option. */
    public String describe() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The option's {@code NativeOption} form, or an exception naming what was passed instead. */
    @SuppressWarnings("unchecked")
    public static <T> NativeOption<T> of(SocketOption<T> option) {
        if (option instanceof NativeOption) {
            return (NativeOption<T>) option;
        }
        if (option == null) {
            throw new NullPointerException("option");
        }
        throw new UnsupportedOperationException(option.name() + " (" + option.getClass().getName()
                + ") is not a sockopt4j option: use the constants in io.github.sockopt4j.TcpOptions"
                + " (NativeSocket.set, get and isSupported hand the JDK's own options to the JDK object)");
    }

    /** Why {@code set} refuses a read-only option. */
    public String readOnlyMessage() {
        return name + " is read-only: the kernel reports it, setsockopt cannot change it";
    }

    protected IllegalArgumentException outOfRange(T value, String range) {
        return new IllegalArgumentException(name + " = " + value + " is out of range: " + range);
    }
}
