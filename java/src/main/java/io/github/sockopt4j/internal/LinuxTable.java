package io.github.sockopt4j.internal;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/**
 * Constants and struct layouts of Linux on x86-64 and aarch64.
 *
 * <p>Both architectures take these values from the kernel's asm-generic headers, so one table
 * serves both; an architecture whose values differ (mips, sparc, ppc64) needs a table of its own
 * and until then gets {@link UnsupportedOperationException}. {@code ConstantTableTest} compiles
 * {@code native/probe.c} and checks every entry against the system headers.
 */
final class LinuxTable {
    private LinuxTable() {}

    /**
     * Entries that the running kernels have but the installed C headers may lack (so the probe
     * cannot print them); each is taken from the kernel's uapi headers and says which version.
     */
    static final Set<String> NEWER_THAN_HEADERS = Set.of();

    static final Map<String, Long> ENTRIES = Map.ofEntries(
            entry("AF_INET", 2L),
            entry("AF_INET6", 10L),
            entry("SOCK_STREAM", 1L),
            entry("SOL_SOCKET", 1L),
            entry("IPPROTO_TCP", 6L),
            entry("IPPROTO_IP", 0L),
            entry("IPPROTO_IPV6", 41L),
            entry("SO_LINGER", 13L),
            entry("SO_REUSEPORT", 15L),
            entry("SO_ERROR", 4L),
            entry("SO_DOMAIN", 39L),
            entry("TCP_NODELAY", 1L),
            entry("TCP_CORK", 3L),
            entry("TCP_QUICKACK", 12L),
            entry("TCP_USER_TIMEOUT", 18L),
            entry("TCP_INFO", 11L),
            entry("SIOCINQ", 21531L),
            entry("SIOCOUTQ", 21521L),
            entry("SIOCOUTQNSD", 35147L),
            entry("SHUT_RD", 0L),
            entry("SHUT_WR", 1L),
            entry("SHUT_RDWR", 2L),
            entry("POLLIN", 1L),
            entry("POLLOUT", 4L),
            entry("POLLERR", 8L),
            entry("POLLHUP", 16L),
            entry("POLLRDHUP", 8192L),
            entry("POLLNVAL", 32L),
            entry("SIZEOF_POLLFD", 8L),
            entry("OFFSETOF_POLLFD_FD", 0L),
            entry("OFFSETOF_POLLFD_EVENTS", 4L),
            entry("OFFSETOF_POLLFD_REVENTS", 6L),
            entry("SIZEOF_LINGER", 8L),
            entry("OFFSETOF_LINGER_L_ONOFF", 0L),
            entry("OFFSETOF_LINGER_L_LINGER", 4L),
            entry("EPERM", 1L),
            entry("ENOENT", 2L),
            entry("EINTR", 4L),
            entry("EBADF", 9L),
            entry("EAGAIN", 11L),
            entry("ENOMEM", 12L),
            entry("EACCES", 13L),
            entry("EFAULT", 14L),
            entry("EBUSY", 16L),
            entry("ENODEV", 19L),
            entry("EINVAL", 22L),
            entry("ENFILE", 23L),
            entry("EMFILE", 24L),
            entry("ENOTTY", 25L),
            entry("EPIPE", 32L),
            entry("ERANGE", 34L),
            entry("ENOSYS", 38L),
            entry("ENOTSOCK", 88L),
            entry("EDESTADDRREQ", 89L),
            entry("EMSGSIZE", 90L),
            entry("EPROTOTYPE", 91L),
            entry("ENOPROTOOPT", 92L),
            entry("EPROTONOSUPPORT", 93L),
            entry("EOPNOTSUPP", 95L),
            entry("EAFNOSUPPORT", 97L),
            entry("EADDRINUSE", 98L),
            entry("EADDRNOTAVAIL", 99L),
            entry("ENETDOWN", 100L),
            entry("ENETUNREACH", 101L),
            entry("ECONNABORTED", 103L),
            entry("ECONNRESET", 104L),
            entry("ENOBUFS", 105L),
            entry("EISCONN", 106L),
            entry("ENOTCONN", 107L),
            entry("ETIMEDOUT", 110L),
            entry("ECONNREFUSED", 111L),
            entry("EHOSTUNREACH", 113L),
            entry("EALREADY", 114L),
            entry("EINPROGRESS", 115L),
            // the wire witness of the reproductions: an AF_PACKET capture on lo (packet(7))
            entry("AF_PACKET", 17L),
            entry("SOCK_RAW", 3L),
            entry("ETH_P_ALL", 3L),
            entry("SOL_PACKET", 263L),
            entry("PACKET_HOST", 0L),
            entry("PACKET_OUTGOING", 4L),
            entry("PACKET_STATISTICS", 6L),
            entry("SO_RCVBUFFORCE", 33L),
            entry("MSG_DONTWAIT", 64L),
            entry("SIZEOF_SOCKADDR_LL", 20L),
            entry("OFFSETOF_SOCKADDR_LL_FAMILY", 0L),
            entry("OFFSETOF_SOCKADDR_LL_PROTOCOL", 2L),
            entry("OFFSETOF_SOCKADDR_LL_IFINDEX", 4L),
            entry("OFFSETOF_SOCKADDR_LL_PKTTYPE", 10L),
            entry("SIZEOF_TPACKET_STATS", 8L),
            entry("OFFSETOF_TPACKET_STATS_PACKETS", 0L),
            entry("OFFSETOF_TPACKET_STATS_DROPS", 4L),
            // TCP states, as tcpi_state reports them
            entry("TCP_ESTABLISHED", 1L),
            entry("TCP_CLOSE", 7L),
            entry("TCP_CLOSE_WAIT", 8L));
}
