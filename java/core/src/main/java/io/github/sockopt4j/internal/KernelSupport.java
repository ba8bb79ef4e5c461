package io.github.sockopt4j.internal;

import java.lang.ref.Reference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the running kernel knows an option: a harmless {@code getsockopt} on a scratch TCP
 * socket of the option's family, made once per option and remembered. The scratch socket is
 * created and closed here, never a JDK-owned fd.
 *
 * <p>"Supported" means the kernel has the option. It does not foresee a capability or sysctl
 * that {@code setsockopt} also checks ({@code SO_MARK} and {@code IP_TRANSPARENT} need
 * {@code CAP_NET_ADMIN}; {@code TCP_FASTOPEN} needs {@code net.ipv4.tcp_fastopen}).
 */
public final class KernelSupport {
    /** The {@code socklen_t} lives at offset 0 and the value from here, as in {@link FdSocket}. */
    private static final int VALUE = Long.BYTES;

    /** The answer for one option, with the detail shown by {@code sockopt4j platform}. */
    public record Result(boolean supported, String detail) {}

    private static final KernelSupport SHARED = new KernelSupport();

    private final Map<NativeOption<?>, Result> cache = new ConcurrentHashMap<>();

    private KernelSupport() {}

    /** The answer for {@code option}, probed at the first question in this JVM and then remembered. */
    public static Result probe(NativeOption<?> option) {
        return SHARED.answer(option);
    }

    /** A prober with a cache of its own, empty: its first answer for each option is a fresh probe. */
    public static KernelSupport withEmptyCache() {
        return new KernelSupport();
    }

    /** The answer for {@code option}, probed at the first question to this prober and then remembered. */
    public Result answer(NativeOption<?> option) {
        return cache.computeIfAbsent(option, KernelSupport::run);
    }

    private static Result run(NativeOption<?> option) {
        if (!ConstantTable.isAvailable()) {
            return new Result(false, "sockopt4j has no constant table for " + ConstantTable.platform());
        }
        boolean ipv6 = option.scope() == OptionLevel.FamilyScope.IPV6;
        String familyName = ipv6 ? "AF_INET6" : "AF_INET";
        NativeBackend nat = Backends.current();
        int fd = nat.socket(ConstantTable.get(familyName),
                ConstantTable.get("SOCK_STREAM") | ConstantTable.get("SOCK_CLOEXEC"), 0);
        if (fd < 0) {
            return new Result(false, "socket(" + familyName + ") failed: " + Errno.name(-fd));
        }
        try {
            NativeBuffer b = nat.allocate(VALUE + option.capacity());
            b.putInt(0, option.capacity());
            int r = nat.getsockopt(fd, option.level(), option.optname(), b.address() + VALUE, b.address());
            Reference.reachabilityFence(b); // the kernel writes it through the raw addresses
            return r < 0
                    ? new Result(false, "getsockopt(" + option.name() + ") on an " + familyName + " socket: "
                            + Errno.name(-r))
                    : new Result(true, "getsockopt(" + option.name() + ") on an " + familyName + " socket works");
        } finally {
            nat.close(fd);
        }
    }
}
