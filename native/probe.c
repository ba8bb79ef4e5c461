/*
 * probe.c - prints, from this system's C headers, every constant and struct layout that
 * sockopt4j keeps in its Java tables (java/src/main/java/io/github/sockopt4j/internal/Linux*Table.java).
 * ConstantTableTest compiles and runs it and asserts that both sides agree on every entry.
 * Output: one "NAME VALUE" line per entry, VALUE in decimal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <linux/bpf.h>

#define C(name) printf("%s %lld\n", #name, (long long)(name))
#define SIZE(label, type) printf("SIZEOF_%s %zu\n", label, sizeof(type))
#define OFF(label, type, field) printf("OFFSETOF_%s %zu\n", label, offsetof(type, field))

int main(void) {
    /* address families, socket types, levels */
    C(AF_INET); C(AF_INET6); C(SOCK_STREAM);
    C(SOL_SOCKET); C(IPPROTO_TCP); C(IPPROTO_IP); C(IPPROTO_IPV6);

    /* socket(7) options */
    C(SO_LINGER); C(SO_REUSEPORT); C(SO_ERROR); C(SO_DOMAIN);

    /* tcp(7) options */
    C(TCP_NODELAY); C(TCP_CORK); C(TCP_QUICKACK); C(TCP_USER_TIMEOUT); C(TCP_INFO);

    /* queue sizes (tcp(7) ioctls) */
    C(SIOCINQ); C(SIOCOUTQ); C(SIOCOUTQNSD);

    /* shutdown(2) */
    C(SHUT_RD); C(SHUT_WR); C(SHUT_RDWR);

    /* poll(2) */
    C(POLLIN); C(POLLOUT); C(POLLERR); C(POLLHUP); C(POLLRDHUP); C(POLLNVAL);
    SIZE("POLLFD", struct pollfd);
    OFF("POLLFD_FD", struct pollfd, fd);
    OFF("POLLFD_EVENTS", struct pollfd, events);
    OFF("POLLFD_REVENTS", struct pollfd, revents);

    /* struct linger */
    SIZE("LINGER", struct linger);
    OFF("LINGER_L_ONOFF", struct linger, l_onoff);
    OFF("LINGER_L_LINGER", struct linger, l_linger);

    /* errno values that sockopt4j names in its exceptions */
    C(EPERM); C(ENOENT); C(EINTR); C(EBADF); C(EAGAIN); C(ENOMEM); C(EACCES); C(EFAULT);
    C(EBUSY); C(ENODEV); C(EINVAL); C(ENFILE); C(EMFILE); C(ENOTTY); C(EPIPE); C(ERANGE);
    C(ENOSYS); C(ENOTSOCK); C(EDESTADDRREQ); C(EMSGSIZE); C(EPROTOTYPE); C(ENOPROTOOPT);
    C(EPROTONOSUPPORT); C(EOPNOTSUPP); C(EAFNOSUPPORT); C(EADDRINUSE); C(EADDRNOTAVAIL);
    C(ENETDOWN); C(ENETUNREACH); C(ECONNABORTED); C(ECONNRESET); C(ENOBUFS); C(EISCONN);
    C(ENOTCONN); C(ETIMEDOUT); C(ECONNREFUSED); C(EHOSTUNREACH); C(EALREADY); C(EINPROGRESS);

    /* the wire witness of the reproductions: an AF_PACKET capture on lo (packet(7)) */
    C(AF_PACKET); C(SOCK_RAW); C(ETH_P_ALL); C(SOL_PACKET); C(PACKET_HOST); C(PACKET_OUTGOING);
    C(PACKET_STATISTICS); C(SO_RCVBUFFORCE); C(MSG_DONTWAIT);
    SIZE("SOCKADDR_LL", struct sockaddr_ll);
    OFF("SOCKADDR_LL_FAMILY", struct sockaddr_ll, sll_family);
    OFF("SOCKADDR_LL_PROTOCOL", struct sockaddr_ll, sll_protocol);
    OFF("SOCKADDR_LL_IFINDEX", struct sockaddr_ll, sll_ifindex);
    OFF("SOCKADDR_LL_PKTTYPE", struct sockaddr_ll, sll_pkttype);
    SIZE("TPACKET_STATS", struct tpacket_stats);
    OFF("TPACKET_STATS_PACKETS", struct tpacket_stats, tp_packets);
    OFF("TPACKET_STATS_DROPS", struct tpacket_stats, tp_drops);
    /* TCP states (tcpi_state): glibc's <netinet/tcp.h> clashes with <linux/tcp.h>; the uapi
       copy in <linux/bpf.h> is checked against the kernel's own by a BUILD_BUG_ON in tcp.c */
    printf("TCP_ESTABLISHED %d\n", BPF_TCP_ESTABLISHED);
    printf("TCP_CLOSE %d\n", BPF_TCP_CLOSE);
    printf("TCP_CLOSE_WAIT %d\n", BPF_TCP_CLOSE_WAIT);
    return 0;
}
