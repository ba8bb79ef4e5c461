package io.github.sockopt4j.internal;

/**
 * The {@code setsockopt} level of an option, and which sockets it means something on.
 *
 * <p>Measured on Linux 6.18: an {@code IPPROTO_IPV6} option on an {@code AF_INET} socket fails
 * with {@code ENOPROTOOPT} (set) or {@code EOPNOTSUPP} (get), so sockopt4j refuses it first with
 * an explanation. An {@code IPPROTO_IP} option on an {@code AF_INET6} socket is accepted by the
 * kernel; {@code IP_TOS} and {@code IP_TTL} then shape only the socket's IPv4-mapped packets
 * (a wire capture showed {@code IP_TOS=0xb8} on an IPv4-mapped connection and traffic class 0 on
 * a native IPv6 one), while {@code IP_FREEBIND}, {@code IP_TRANSPARENT} and
 * {@code IP_BIND_ADDRESS_NO_PORT} set the same flag as their IPv6 twins and apply to both.
 */
public enum OptionLevel {
    /** {@code SOL_SOCKET}: every socket. */
    SOCKET("SOL_SOCKET", FamilyScope.ANY),
    /** {@code IPPROTO_TCP}: every TCP socket. */
    TCP("IPPROTO_TCP", FamilyScope.ANY),
    /** {@code IPPROTO_IP}, a flag shared with the IPv6 twin option: IPv4 and IPv6 sockets. */
    IP("IPPROTO_IP", FamilyScope.ANY),
    /** {@code IPPROTO_IP}, shaping IPv4 packets: IPv4 sockets and IPv6 sockets carrying IPv4. */
    IPV4_PACKETS("IPPROTO_IP", FamilyScope.IPV4_TRAFFIC),
    /** {@code IPPROTO_IPV6}: IPv6 sockets only. */
    IPV6("IPPROTO_IPV6", FamilyScope.IPV6);

    /** Which sockets an option applies to. */
    public enum FamilyScope {
        /** Any TCP socket. */
        ANY,
        /** {@code AF_INET}, or {@code AF_INET6} that can carry IPv4-mapped traffic. */
        IPV4_TRAFFIC,
        /** {@code AF_INET6} only. */
        IPV6
    }

    private final String cName;
    private final FamilyScope scope;

    OptionLevel(String cName, FamilyScope scope) {
        this.cName = cName;
        this.scope = scope;
    }

    /** The C name of the level, e.g. {@code IPPROTO_TCP}. */
    public String cName() {
        return cName;
    }

    public FamilyScope scope() {
        return scope;
    }
}
