package io.github.sockopt4j.internal;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/** {@code SO_DOMAIN} (read-only): the socket's address family as a {@link ProtocolFamily}. */
public final class ProtocolFamilyOption extends IntValuedOption<ProtocolFamily> {
    private static final int AF_UNIX = ConstantTable.getOrDefault("AF_UNIX", -1);
    private static final int AF_INET = ConstantTable.getOrDefault("AF_INET", -1);
    private static final int AF_INET6 = ConstantTable.getOrDefault("AF_INET6", -1);

    public ProtocolFamilyOption(String name, OptionLevel level) {
        super(name, ProtocolFamily.class, level, true);
    }

    @Override
    public void validate(ProtocolFamily value) {
        throw new UnsupportedOperationException(readOnlyMessage());
    }

    @Override
    public int toInt(ProtocolFamily value) {
        throw new UnsupportedOperationException(readOnlyMessage());
    }

    @Override
    public ProtocolFamily fromInt(int raw) {
        return family(raw);
    }

    /** The family of a C {@code AF_*} number. */
    public static ProtocolFamily family(int af) {
        if (af == AF_INET) {
            return StandardProtocolFamily.INET;
        }
        if (af == AF_INET6) {
            return StandardProtocolFamily.INET6;
        }
        if (af == AF_UNIX) {
            return StandardProtocolFamily.UNIX;
        }
        throw new IllegalStateException("SO_DOMAIN: address family " + af + " is not one sockopt4j knows");
    }
}
