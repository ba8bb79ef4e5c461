package io.github.sockopt4j;

import io.github.sockopt4j.internal.BooleanOption;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.DurationOption;
import io.github.sockopt4j.internal.IntOption;
import io.github.sockopt4j.internal.LongOption;
import io.github.sockopt4j.internal.OptionLevel;
import io.github.sockopt4j.internal.ProtocolFamilyOption;
import io.github.sockopt4j.internal.StringOption;
import io.github.sockopt4j.internal.UnsignedIntOption;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Linux socket options the JDK does not offer (or offers only in part), as
 * {@link SocketOption} constants in the style of {@code jdk.net.ExtendedSocketOptions}. Use them
 * with {@link NativeSocket#set}, {@link NativeSocket#get} and {@link NativeSocket#isSupported}.
 * Each names the Linux option, its man page, the unit and range, and the first kernel that has
 * it. Linux only (x86-64, aarch64).
 *
 * <p><b>The JDK's options.</b> These constants are sockopt4j's: the JDK's own
 * {@code channel.setOption(TcpOptions.TCP_CORK, true)} throws
 * {@link UnsupportedOperationException}, so go through {@code NativeSocket.of(channel)}.
 * {@link NativeSocket} accepts the JDK's options as well ({@link java.net.StandardSocketOptions},
 * {@code jdk.net.ExtendedSocketOptions}) and hands them to the JDK object. Some constants here
 * name a kernel option the JDK also offers: {@link #TCP_NODELAY}, {@link #SO_KEEPALIVE},
 * {@link #SO_REUSEADDR}, {@link #SO_REUSEPORT}, {@link #SO_RCVBUF}, {@link #SO_SNDBUF} and
 * {@link #IP_TOS} ({@code StandardSocketOptions}), {@link #TCP_QUICKACK}, {@link #TCP_KEEPIDLE},
 * {@link #TCP_KEEPINTVL} and {@link #TCP_KEEPCNT} ({@code ExtendedSocketOptions}, where the
 * keepalive times are {@code Integer} seconds, here {@link Duration}). Both reach the same
 * {@code setsockopt}; the ones here exist so that one catalogue has every option with the same
 * semantic types, the kernel's ranges checked before the call, errno in the exception, and the
 * value read back from the kernel as it stored it (the JDK's {@code SO_RCVBUF} and
 * {@code SO_SNDBUF} report half the kernel's value on Linux, the size that was asked for; these
 * report what the kernel holds).
 *
 * <p><b>Validation.</b> A value outside the documented range throws
 * {@link IllegalArgumentException} naming the option and the range before any syscall. Limits
 * the kernel enforces itself (such as {@code MAX_TCP_KEEPIDLE}) come from sockopt4j's constant
 * table. Java never lets through a value the kernel would refuse, and it refuses only values the
 * kernel would refuse or silently replace by another (clamp to a maximum, store a negative as -1
 * or as a huge unsigned number, drop bits): each option that narrows the kernel's range so says
 * what the kernel would have done. Checked for every {@code int} option against the running
 * kernel, value by value at every edge, with raw {@code setsockopt} and {@code getsockopt}.
 *
 * <p><b>Families.</b> {@code IPV6_*} options exist only on {@code AF_INET6} sockets: on an IPv4
 * socket {@code set}/{@code get} throw {@link UnsupportedOperationException} saying so. The JDK
 * opens {@code AF_INET6} sockets whenever the machine has IPv6 (unless
 * {@code -Djava.net.preferIPv4Stack=true}), and those carry IPv4 peers as IPv4-mapped addresses.
 * {@link #IP_TOS} and {@link #IP_TTL} shape IPv4 packets only: on an {@code AF_INET6} socket they
 * are accepted while the socket can carry IPv4 (not {@code IPV6_V6ONLY}, not connected to a
 * native IPv6 peer) and refused otherwise; use {@link #IPV6_TCLASS} / {@link #IPV6_UNICAST_HOPS}
 * for IPv6 packets (measured: each shapes its own family's packets only).
 *
 * <p><b>Kernel adjustments.</b> Some options read back differently from what was set, because
 * the kernel stores them so; each says how ({@link #SO_RCVBUF} doubles, {@link #TCP_DEFER_ACCEPT}
 * rounds up to a retransmission boundary, ...).
 */
public final class TcpOptions {
    private TcpOptions() {}

    private static final int U8_MAX = 0xFF;

    private static int limit(String name) {
        return ConstantTable.getOrDefault(name, 0);
    }

    // ---- tcp(7) -----------------------------------------------------------------------------

    /**
     * {@code TCP_NODELAY} (tcp(7)): send segments as soon as possible, disabling Nagle's
     * algorithm. Linux 2.2+.
     */
    public static final SocketOption<Boolean> TCP_NODELAY = new BooleanOption("TCP_NODELAY", OptionLevel.TCP);

    /**
     * {@code TCP_CORK} (tcp(7)): hold back partial frames until the cork is removed or 200 ms
     * pass. Setting it to {@code false} sends what is held at once. Linux 2.2+.
     */
    public static final SocketOption<Boolean> TCP_CORK = new BooleanOption("TCP_CORK", OptionLevel.TCP);

    /**
     * {@code TCP_QUICKACK} (tcp(7)): send ACKs at once rather than delayed. Not permanent: the
     * kernel may drop back to delayed ACKs, so reading it tells the current mode. Linux 2.4.4+.
     */
    public static final SocketOption<Boolean> TCP_QUICKACK = new BooleanOption("TCP_QUICKACK", OptionLevel.TCP);

    /**
     * {@code TCP_USER_TIMEOUT} (tcp(7)): how long transmitted data may stay unacknowledged (or
     * a zero window unprobed successfully) before the kernel drops the connection with
     * {@code ETIMEDOUT}. Whole milliseconds, 0 to {@code Integer.MAX_VALUE} ms; 0 means the
     * system default. Linux 2.6.37+.
     */
    public static final SocketOption<Duration> TCP_USER_TIMEOUT = new DurationOption(
            "TCP_USER_TIMEOUT", OptionLevel.TCP, ChronoUnit.MILLIS, 0, Integer.MAX_VALUE);

    /**
     * {@code TCP_NOTSENT_LOWAT} (tcp(7)): the socket reports writable only while fewer than this
     * many bytes are queued and not yet sent, which keeps latency-sensitive senders from filling
     * the send buffer. Bytes, unsigned 32-bit: 0 to 4294967295; 0 means the system default
     * ({@code net.ipv4.tcp_notsent_lowat}, itself 4294967295 = off). Linux 3.12+.
     */
    public static final SocketOption<Long> TCP_NOTSENT_LOWAT = new UnsignedIntOption(
            "TCP_NOTSENT_LOWAT", OptionLevel.TCP, 0, "bytes");

    /**
     * {@code TCP_KEEPIDLE} (tcp(7)): idle time before the first keepalive probe, when
     * {@link #SO_KEEPALIVE} is on. Whole seconds, 1 s to 32767 s ({@code MAX_TCP_KEEPIDLE}).
     * Linux 2.4+.
     */
    public static final SocketOption<Duration> TCP_KEEPIDLE = new DurationOption(
            "TCP_KEEPIDLE", OptionLevel.TCP, ChronoUnit.SECONDS, 1, limit("MAX_TCP_KEEPIDLE"));

    /**
     * {@code TCP_KEEPINTVL} (tcp(7)): time between keepalive probes. Whole seconds, 1 s to
     * 32767 s ({@code MAX_TCP_KEEPINTVL}). Linux 2.4+.
     */
    public static final SocketOption<Duration> TCP_KEEPINTVL = new DurationOption(
            "TCP_KEEPINTVL", OptionLevel.TCP, ChronoUnit.SECONDS, 1, limit("MAX_TCP_KEEPINTVL"));

    /**
     * {@code TCP_KEEPCNT} (tcp(7)): unanswered keepalive probes before the connection is
     * dropped. Count, 1 to 127 ({@code MAX_TCP_KEEPCNT}). Linux 2.4+.
     */
    public static final SocketOption<Integer> TCP_KEEPCNT = IntOption.range(
            "TCP_KEEPCNT", OptionLevel.TCP, 1, limit("MAX_TCP_KEEPCNT"), "probes");

    /**
     * {@code TCP_DEFER_ACCEPT} (tcp(7)): on a listening socket, wake {@code accept} only when
     * data arrives, waiting at most this long. Whole seconds, 0 (off) to
     * {@code Integer.MAX_VALUE} s. The kernel keeps a count of SYN-ACK retransmissions, so it
     * reads back rounded up to the next retransmission boundary (1, 3, 7, 15, 31, ... s:
     * 5 s reads back as 7 s). A negative value, which the kernel would store as 0 (off), is
     * refused. Linux 2.4+.
     */
    public static final SocketOption<Duration> TCP_DEFER_ACCEPT = new DurationOption(
            "TCP_DEFER_ACCEPT", OptionLevel.TCP, ChronoUnit.SECONDS, 0, Integer.MAX_VALUE);

    /**
     * {@code TCP_FASTOPEN} (tcp(7)): on a listening (or not yet listening) socket, accept data
     * in the SYN (TCP Fast Open, RFC 7413), with at most this many pending TFO requests. Queue
     * length, 0 to {@code Integer.MAX_VALUE}. Setting it on a connected socket fails with
     * {@code EINVAL}. The server side also needs bit 2 of {@code net.ipv4.tcp_fastopen};
     * {@link NativeSocket#isSupported} tells only whether the kernel has the option. Linux 3.7+.
     */
    public static final SocketOption<Integer> TCP_FASTOPEN = IntOption.range(
            "TCP_FASTOPEN", OptionLevel.TCP, 0, Integer.MAX_VALUE, "pending requests");

    /**
     * {@code TCP_FASTOPEN_CONNECT} (tcp(7)): on a client socket before {@code connect}, send the
     * first write's data in the SYN when a Fast Open cookie is cached. Set before connecting
     * ({@code EINVAL} afterwards); {@code EOPNOTSUPP} when bit 1 of
     * {@code net.ipv4.tcp_fastopen} (client) is off. Linux 4.11+.
     */
    public static final SocketOption<Boolean> TCP_FASTOPEN_CONNECT = new BooleanOption(
            "TCP_FASTOPEN_CONNECT", OptionLevel.TCP);

    /**
     * {@code TCP_MAXSEG} (tcp(7)): the maximum segment size for outgoing segments. Bytes, 88
     * ({@code TCP_MIN_MSS}) to 32767 ({@code MAX_TCP_WINDOW}), or 0 to clear a value set before.
     * Before {@code connect}/{@code listen} it reads back what was set (536 when unset); on a
     * connected socket it reads the MSS in use. Linux 2.2+.
     */
    public static final SocketOption<Integer> TCP_MAXSEG = IntOption.range(
            "TCP_MAXSEG", OptionLevel.TCP, limit("TCP_MIN_MSS"), limit("MAX_TCP_WINDOW"), "bytes").orReset(0);

    /**
     * {@code TCP_CONGESTION} (tcp(7)): the congestion-control algorithm, by name ("cubic",
     * "bbr", "reno", ...). 1 to 15 US-ASCII bytes ({@code TCP_CA_NAME_MAX - 1}). A name the
     * kernel does not have fails with {@code ENOENT}; one not in
     * {@code net.ipv4.tcp_allowed_congestion_control} fails with {@code EPERM} without
     * {@code CAP_NET_ADMIN}. Linux 2.6.13+.
     */
    public static final SocketOption<String> TCP_CONGESTION = new StringOption(
            "TCP_CONGESTION", OptionLevel.TCP, "TCP_CA_NAME_MAX", false);

    /**
     * {@code TCP_LINGER2} (tcp(7)): how long an orphaned socket stays in FIN_WAIT2. Whole
     * seconds, 0 s to 120 s ({@code TCP_FIN_TIMEOUT_MAX}), or {@code -1 s} to skip FIN_WAIT2
     * and answer the peer's late segments with RST. 0 means the system default and reads back
     * as {@code net.ipv4.tcp_fin_timeout}. The kernel would also take other values and change
     * them: a negative one is stored as -1 s and anything above 120 s as 120 s; sockopt4j refuses
     * them rather than let the value change silently. Linux 2.4+.
     */
    public static final SocketOption<Duration> TCP_LINGER2 = new DurationOption(
            "TCP_LINGER2", OptionLevel.TCP, ChronoUnit.SECONDS, -1, limit("TCP_FIN_TIMEOUT_MAX_SECONDS"));

    /**
     * {@code TCP_WINDOW_CLAMP} (tcp(7)): bound the advertised receive window. Bytes, 0 to
     * {@code Integer.MAX_VALUE}; the kernel raises small values to half of
     * {@code SOCK_MIN_RCVBUF}, and 0 (remove the clamp) is accepted only before the socket is
     * used (otherwise {@code EINVAL}). A negative value, which the kernel would raise to that
     * minimum, is refused. Linux 2.4+.
     */
    public static final SocketOption<Integer> TCP_WINDOW_CLAMP = IntOption.range(
            "TCP_WINDOW_CLAMP", OptionLevel.TCP, 0, Integer.MAX_VALUE, "bytes");

    /**
     * {@code TCP_SYNCNT} (tcp(7)): SYN retransmissions before {@code connect} gives up. Count,
     * 1 to 127 ({@code MAX_TCP_SYNCNT}). Linux 2.4+.
     */
    public static final SocketOption<Integer> TCP_SYNCNT = IntOption.range(
            "TCP_SYNCNT", OptionLevel.TCP, 1, limit("MAX_TCP_SYNCNT"), "retransmissions");

    /**
     * {@code TCP_THIN_LINEAR_TIMEOUTS} (tcp(7)): for thin streams (few packets in flight), keep
     * the retransmission timeout linear instead of doubling it. Linux 2.6.34+.
     */
    public static final SocketOption<Boolean> TCP_THIN_LINEAR_TIMEOUTS = new BooleanOption(
            "TCP_THIN_LINEAR_TIMEOUTS", OptionLevel.TCP);

    // ---- socket(7) --------------------------------------------------------------------------

    /** {@code SO_KEEPALIVE} (socket(7)): send keepalive probes on an idle connection. Linux 1.0+. */
    public static final SocketOption<Boolean> SO_KEEPALIVE = new BooleanOption("SO_KEEPALIVE", OptionLevel.SOCKET);

    /**
     * {@code SO_REUSEADDR} (socket(7)): let {@code bind} reuse a local address unless a listener
     * holds it (for TCP: bind over TIME_WAIT). Set before {@code bind}. Linux 1.0+.
     */
    public static final SocketOption<Boolean> SO_REUSEADDR = new BooleanOption("SO_REUSEADDR", OptionLevel.SOCKET);

    /**
     * {@code SO_REUSEPORT} (socket(7)): let several sockets of the same user bind the same
     * address and port; the kernel spreads incoming connections among listeners. Set before
     * {@code bind}. Linux 3.9+.
     */
    public static final SocketOption<Boolean> SO_REUSEPORT = new BooleanOption("SO_REUSEPORT", OptionLevel.SOCKET);

    /**
     * {@code SO_RCVBUF} (socket(7)): the receive buffer size. Bytes, 0 to
     * {@code Integer.MAX_VALUE}; the kernel caps it at {@code net.core.rmem_max} (unless
     * {@code CAP_NET_ADMIN} uses {@code SO_RCVBUFFORCE}), doubles it for its bookkeeping and
     * reads back the doubled value, and turns off receive-buffer autotuning. A negative value,
     * which the kernel would read as a huge unsigned size and cap, is refused. Linux 1.0+.
     */
    public static final SocketOption<Integer> SO_RCVBUF = IntOption.range(
            "SO_RCVBUF", OptionLevel.SOCKET, 0, Integer.MAX_VALUE, "bytes");

    /**
     * {@code SO_SNDBUF} (socket(7)): the send buffer size. Bytes, 0 to
     * {@code Integer.MAX_VALUE}; capped at {@code net.core.wmem_max}, doubled, read back doubled,
     * and send-buffer autotuning is off afterwards. A negative value, which the kernel would read
     * as a huge unsigned size and cap, is refused. Linux 1.0+.
     */
    public static final SocketOption<Integer> SO_SNDBUF = IntOption.range(
            "SO_SNDBUF", OptionLevel.SOCKET, 0, Integer.MAX_VALUE, "bytes");

    /**
     * {@code SO_RCVLOWAT} (socket(7)): the fewest bytes a read waits for and that make the socket
     * readable for {@code poll}. Bytes, 1 to {@code Integer.MAX_VALUE}; TCP caps what it stores
     * at half of {@code net.ipv4.tcp_rmem[2]} (half of {@code SO_RCVBUF} once that is set), which
     * is what then reads back. The kernel would store 0 as 1 and a negative value as the cap;
     * sockopt4j refuses both. Settable since Linux 2.4; TCP honours it for {@code poll} since
     * 2.6.28.
     */
    public static final SocketOption<Integer> SO_RCVLOWAT = IntOption.range(
            "SO_RCVLOWAT", OptionLevel.SOCKET, 1, Integer.MAX_VALUE, "bytes");

    /**
     * {@code SO_PRIORITY} (socket(7)): the queueing priority of the socket's packets (traffic
     * control). Any 32-bit pattern: the kernel keeps an unsigned 32-bit number (a traffic-control
     * class id {@code major:minor} when above 0xFFFF), stored and read back as given; as a Java
     * {@code int} the upper half is negative (use {@link Integer#toUnsignedLong}). Values outside
     * 0..6 need {@code CAP_NET_ADMIN} ({@code EPERM} otherwise). Linux 2.2+.
     */
    public static final SocketOption<Integer> SO_PRIORITY = IntOption.range(
            "SO_PRIORITY", OptionLevel.SOCKET, Integer.MIN_VALUE, Integer.MAX_VALUE, "");

    /**
     * {@code SO_MARK} (socket(7)): the firewall mark of the socket's packets, for policy routing
     * and netfilter. Any 32-bit pattern (as a Java {@code int}; use
     * {@link Integer#toUnsignedLong}). Needs {@code CAP_NET_ADMIN} (or {@code CAP_NET_RAW} since
     * Linux 5.17): {@code EPERM} otherwise, which {@link NativeSocket#isSupported} does not
     * foresee. Linux 2.6.25+.
     */
    public static final SocketOption<Integer> SO_MARK = IntOption.range(
            "SO_MARK", OptionLevel.SOCKET, Integer.MIN_VALUE, Integer.MAX_VALUE, "");

    /**
     * {@code SO_BUSY_POLL} (socket(7)): busy-poll the device queue for up to this long on a
     * blocking read when no data is there. Whole microseconds, 0 to {@code Integer.MAX_VALUE} µs;
     * raising it above {@code net.core.busy_read} needs {@code CAP_NET_ADMIN}. Linux 3.11+.
     */
    public static final SocketOption<Duration> SO_BUSY_POLL = new DurationOption(
            "SO_BUSY_POLL", OptionLevel.SOCKET, ChronoUnit.MICROS, 0, Integer.MAX_VALUE);

    /**
     * {@code SO_INCOMING_CPU} (socket(7)): the CPU that handles the socket's incoming packets
     * (read; -1 while unknown), or, set on {@code SO_REUSEPORT} listeners, the CPU whose
     * connections this listener prefers. CPU number, or a negative value (kept as given) for no
     * preference. Readable since Linux 3.19, settable since 4.4.
     */
    public static final SocketOption<Integer> SO_INCOMING_CPU = IntOption.range(
            "SO_INCOMING_CPU", OptionLevel.SOCKET, Integer.MIN_VALUE, Integer.MAX_VALUE, "cpu");

    /**
     * {@code SO_BINDTODEVICE} (socket(7)): send and receive only through this network interface
     * ("eth0"), or "" to unbind. 0 to 15 US-ASCII bytes ({@code IFNAMSIZ - 1}); an unknown name
     * fails with {@code ENODEV}. Changing an existing binding needs {@code CAP_NET_RAW}. Reads
     * back "" when unbound. Linux 2.0.30+ (readable since 3.8).
     */
    public static final SocketOption<String> SO_BINDTODEVICE = new StringOption(
            "SO_BINDTODEVICE", OptionLevel.SOCKET, "IFNAMSIZ", true);

    /**
     * {@code SO_COOKIE} (socket(7), read-only): a 64-bit number the kernel gives the socket,
     * unique until reboot and never reused, unlike fd numbers. Linux 4.6+.
     */
    public static final SocketOption<Long> SO_COOKIE = new LongOption("SO_COOKIE", OptionLevel.SOCKET);

    /**
     * {@code SO_ERROR} (socket(7), read-only): the pending socket error as an errno value, 0 for
     * none. <b>Reading it clears it</b>: the error is reported once, to whichever call sees it
     * first (a read, a write or this option). Linux 1.0+.
     */
    public static final SocketOption<Integer> SO_ERROR = IntOption.readOnly("SO_ERROR", OptionLevel.SOCKET, "errno");

    /**
     * {@code SO_DOMAIN} (socket(7), read-only): the address family, {@code INET} or {@code INET6}
     * (the JDK opens {@code INET6} sockets whenever IPv6 is available). Linux 2.6.32+.
     */
    public static final SocketOption<ProtocolFamily> SO_DOMAIN = new ProtocolFamilyOption(
            "SO_DOMAIN", OptionLevel.SOCKET);

    /**
     * {@code SO_PROTOCOL} (socket(7), read-only): the protocol number, 6 ({@code IPPROTO_TCP})
     * for every socket sockopt4j sees. Linux 2.6.32+.
     */
    public static final SocketOption<Integer> SO_PROTOCOL = IntOption.readOnly(
            "SO_PROTOCOL", OptionLevel.SOCKET, "protocol");

    /**
     * {@code SO_TYPE} (socket(7), read-only): the socket type, 1 ({@code SOCK_STREAM}) for TCP.
     * Linux 1.0+.
     */
    public static final SocketOption<Integer> SO_TYPE = IntOption.readOnly("SO_TYPE", OptionLevel.SOCKET, "type");

    // ---- ip(7) ------------------------------------------------------------------------------

    /**
     * {@code IP_TOS} (ip(7)): the TOS byte (DSCP and ECN bits) of outgoing IPv4 packets. 0 to 255;
     * on TCP the kernel keeps the two ECN bits under its own control, so they read back as the
     * kernel has them. A value outside 0..255, of which the kernel would keep only the low byte,
     * is refused. IPv4 packets only; see the class comment for {@code AF_INET6} sockets.
     * Linux 1.0+.
     */
    public static final SocketOption<Integer> IP_TOS = IntOption.range(
            "IP_TOS", OptionLevel.IPV4_PACKETS, 0, U8_MAX, "");

    /**
     * {@code IP_TTL} (ip(7)): the time-to-live of outgoing IPv4 packets. 1 to 255 hops, or -1
     * for the system default ({@code net.ipv4.ip_default_ttl}, which is what then reads back).
     * IPv4 packets only; see the class comment for {@code AF_INET6} sockets. Linux 1.0+.
     */
    public static final SocketOption<Integer> IP_TTL = IntOption.range(
            "IP_TTL", OptionLevel.IPV4_PACKETS, 1, U8_MAX, "hops").orReset(-1);

    /**
     * {@code IP_FREEBIND} (ip(7)): allow binding to an address that is not (yet) configured.
     * The same flag as {@code IPV6_FREEBIND}: works on IPv4 and IPv6 sockets. Linux 2.4+.
     */
    public static final SocketOption<Boolean> IP_FREEBIND = new BooleanOption("IP_FREEBIND", OptionLevel.IP);

    /**
     * {@code IP_TRANSPARENT} (ip(7)): allow binding to and accepting for non-local addresses
     * (transparent proxying with TPROXY). Needs {@code CAP_NET_ADMIN} or {@code CAP_NET_RAW}
     * ({@code EPERM} otherwise), which {@link NativeSocket#isSupported} does not foresee. The
     * same flag as {@code IPV6_TRANSPARENT}: works on IPv4 and IPv6 sockets. Linux 2.6.24+.
     */
    public static final SocketOption<Boolean> IP_TRANSPARENT = new BooleanOption("IP_TRANSPARENT", OptionLevel.IP);

    /**
     * {@code IP_BIND_ADDRESS_NO_PORT} (ip(7)): on {@code bind} to port 0, defer choosing the port
     * until {@code connect}, so many outgoing connections can share one source address. Works on
     * IPv4 and IPv6 sockets. Linux 4.2+.
     */
    public static final SocketOption<Boolean> IP_BIND_ADDRESS_NO_PORT = new BooleanOption(
            "IP_BIND_ADDRESS_NO_PORT", OptionLevel.IP);

    // ---- ipv6(7) ----------------------------------------------------------------------------

    /**
     * {@code IPV6_TCLASS} (ipv6(7)): the traffic class (DSCP and ECN bits) of outgoing IPv6
     * packets. 0 to 255, or -1 for the default (0); ECN bits as for {@link #IP_TOS}. Native IPv6
     * packets only (not IPv4-mapped ones). {@code AF_INET6} sockets only. Linux 2.6.14+.
     */
    public static final SocketOption<Integer> IPV6_TCLASS = IntOption.range(
            "IPV6_TCLASS", OptionLevel.IPV6, 0, U8_MAX, "").orReset(-1);

    /**
     * {@code IPV6_UNICAST_HOPS} (ipv6(7)): the hop limit of outgoing unicast IPv6 packets. 0 to
     * 255 hops, or -1 for the route's default (which is what then reads back). {@code AF_INET6}
     * sockets only. Linux 2.2+.
     */
    public static final SocketOption<Integer> IPV6_UNICAST_HOPS = IntOption.range(
            "IPV6_UNICAST_HOPS", OptionLevel.IPV6, 0, U8_MAX, "hops").orReset(-1);

    /**
     * {@code IPV6_V6ONLY} (ipv6(7)): restrict the socket to IPv6, refusing IPv4-mapped peers.
     * Set before {@code bind}/{@code connect} ({@code EINVAL} afterwards). {@code AF_INET6}
     * sockets only. Linux 2.4.21+.
     */
    public static final SocketOption<Boolean> IPV6_V6ONLY = new BooleanOption("IPV6_V6ONLY", OptionLevel.IPV6);

    private static final List<SocketOption<?>> ALL = List.of(
            TCP_NODELAY, TCP_CORK, TCP_QUICKACK, TCP_USER_TIMEOUT, TCP_NOTSENT_LOWAT, TCP_KEEPIDLE,
            TCP_KEEPINTVL, TCP_KEEPCNT, TCP_DEFER_ACCEPT, TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, TCP_MAXSEG,
            TCP_CONGESTION, TCP_LINGER2, TCP_WINDOW_CLAMP, TCP_SYNCNT, TCP_THIN_LINEAR_TIMEOUTS,
            SO_KEEPALIVE, SO_REUSEADDR, SO_REUSEPORT, SO_RCVBUF, SO_SNDBUF, SO_RCVLOWAT, SO_PRIORITY,
            SO_MARK, SO_BUSY_POLL, SO_INCOMING_CPU, SO_BINDTODEVICE, SO_COOKIE, SO_ERROR, SO_DOMAIN,
            SO_PROTOCOL, SO_TYPE, IP_TOS, IP_TTL, IP_FREEBIND, IP_TRANSPARENT, IP_BIND_ADDRESS_NO_PORT,
            IPV6_TCLASS, IPV6_UNICAST_HOPS, IPV6_V6ONLY);

    /** Every option above, in the order of this class (for support matrices and tests). */
    public static List<SocketOption<?>> all() {
        return ALL;
    }
}
