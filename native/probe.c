/*
 * probe.c - prints, from this system's C headers, every constant and struct layout that
 * sockopt4j keeps in its Java table (java/core/src/main/java/io/github/sockopt4j/internal/LinuxTable.java).
 * ConstantTableTest compiles and runs it and asserts that both sides agree on every entry.
 * Output: one "NAME VALUE" line per entry, VALUE in decimal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <net/if.h>
#include <linux/bpf.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>

#define C(name) printf("%s %lld\n", #name, (long long)(name))
#define SIZE(label, type) printf("SIZEOF_%s %zu\n", label, sizeof(type))
#define OFF(label, type, field) printf("OFFSETOF_%s %zu\n", label, offsetof(type, field))

/* A struct tcp_info member: its offset and size. */
#define FIELD(label, field) do { \
        OFF(label, struct tcp_info, field); \
        printf("SIZEOF_%s %zu\n", label, sizeof(((struct tcp_info *)0)->field)); \
    } while (0)

/* A struct tcp_info bitfield: set it to all ones in a zeroed struct (decrementing an unsigned
 * bitfield from 0 wraps to all ones) and read where the bits landed. */
#define BITS(label, field) do { \
        struct tcp_info t; \
        memset(&t, 0, sizeof t); \
        t.field--; \
        bitfield(label, (const unsigned char *)&t, sizeof t); \
    } while (0)

static void bitfield(const char *label, const unsigned char *p, size_t n) {
    size_t first = 0;
    while (first < n && p[first] == 0) first++;
    int shift = 0;
    while (((p[first] >> shift) & 1) == 0) shift++;
    int width = 0;
    for (size_t i = first; i < n; i++) width += __builtin_popcount(p[i]);
    printf("OFFSETOF_%s %zu\nBITSHIFT_%s %d\nBITWIDTH_%s %d\n", label, first, label, shift, label, width);
}

int main(void) {
    /* address families, socket types, levels */
    C(AF_UNIX); C(AF_INET); C(AF_INET6); C(SOCK_STREAM); C(SOCK_CLOEXEC);
    C(SOL_SOCKET); C(IPPROTO_TCP); C(IPPROTO_IP); C(IPPROTO_IPV6);

    /* socket(7) options */
    C(SO_LINGER); C(SO_REUSEPORT); C(SO_ERROR); C(SO_DOMAIN); C(SO_KEEPALIVE); C(SO_REUSEADDR);
    C(SO_RCVBUF); C(SO_SNDBUF); C(SO_RCVLOWAT); C(SO_PRIORITY); C(SO_MARK); C(SO_BUSY_POLL);
    C(SO_INCOMING_CPU); C(SO_BINDTODEVICE); C(SO_COOKIE); C(SO_PROTOCOL); C(SO_TYPE);
    C(IFNAMSIZ);

    /* tcp(7) options */
    C(TCP_NODELAY); C(TCP_CORK); C(TCP_QUICKACK); C(TCP_USER_TIMEOUT); C(TCP_INFO);
    C(TCP_NOTSENT_LOWAT); C(TCP_KEEPIDLE); C(TCP_KEEPINTVL); C(TCP_KEEPCNT); C(TCP_DEFER_ACCEPT);
    C(TCP_FASTOPEN); C(TCP_FASTOPEN_CONNECT); C(TCP_MAXSEG); C(TCP_CONGESTION); C(TCP_LINGER2);
    C(TCP_WINDOW_CLAMP); C(TCP_SYNCNT); C(TCP_THIN_LINEAR_TIMEOUTS);

    /* ip(7) and ipv6(7) options */
    C(IP_TOS); C(IP_TTL); C(IP_FREEBIND); C(IP_TRANSPARENT); C(IP_BIND_ADDRESS_NO_PORT);
    C(IPV6_TCLASS); C(IPV6_UNICAST_HOPS); C(IPV6_V6ONLY);

    /* TCP states (tcpi_state), as the uapi mirrors include/net/tcp_states.h */
    C(BPF_TCP_ESTABLISHED); C(BPF_TCP_SYN_SENT); C(BPF_TCP_SYN_RECV); C(BPF_TCP_FIN_WAIT1);
    C(BPF_TCP_FIN_WAIT2); C(BPF_TCP_TIME_WAIT); C(BPF_TCP_CLOSE); C(BPF_TCP_CLOSE_WAIT);
    C(BPF_TCP_LAST_ACK); C(BPF_TCP_LISTEN); C(BPF_TCP_CLOSING); C(BPF_TCP_NEW_SYN_RECV);

    /* struct tcp_info as far as these headers describe it (the kernel may fill more) */
    FIELD("TCP_INFO_TCPI_STATE", tcpi_state);
    FIELD("TCP_INFO_TCPI_CA_STATE", tcpi_ca_state);
    FIELD("TCP_INFO_TCPI_RETRANSMITS", tcpi_retransmits);
    FIELD("TCP_INFO_TCPI_PROBES", tcpi_probes);
    FIELD("TCP_INFO_TCPI_BACKOFF", tcpi_backoff);
    FIELD("TCP_INFO_TCPI_OPTIONS", tcpi_options);
    BITS("TCP_INFO_TCPI_SND_WSCALE", tcpi_snd_wscale);
    BITS("TCP_INFO_TCPI_RCV_WSCALE", tcpi_rcv_wscale);
    BITS("TCP_INFO_TCPI_DELIVERY_RATE_APP_LIMITED", tcpi_delivery_rate_app_limited);
    BITS("TCP_INFO_TCPI_FASTOPEN_CLIENT_FAIL", tcpi_fastopen_client_fail);
    FIELD("TCP_INFO_TCPI_RTO", tcpi_rto);
    FIELD("TCP_INFO_TCPI_ATO", tcpi_ato);
    FIELD("TCP_INFO_TCPI_SND_MSS", tcpi_snd_mss);
    FIELD("TCP_INFO_TCPI_RCV_MSS", tcpi_rcv_mss);
    FIELD("TCP_INFO_TCPI_UNACKED", tcpi_unacked);
    FIELD("TCP_INFO_TCPI_SACKED", tcpi_sacked);
    FIELD("TCP_INFO_TCPI_LOST", tcpi_lost);
    FIELD("TCP_INFO_TCPI_RETRANS", tcpi_retrans);
    FIELD("TCP_INFO_TCPI_FACKETS", tcpi_fackets);
    FIELD("TCP_INFO_TCPI_LAST_DATA_SENT", tcpi_last_data_sent);
    FIELD("TCP_INFO_TCPI_LAST_ACK_SENT", tcpi_last_ack_sent);
    FIELD("TCP_INFO_TCPI_LAST_DATA_RECV", tcpi_last_data_recv);
    FIELD("TCP_INFO_TCPI_LAST_ACK_RECV", tcpi_last_ack_recv);
    FIELD("TCP_INFO_TCPI_PMTU", tcpi_pmtu);
    FIELD("TCP_INFO_TCPI_RCV_SSTHRESH", tcpi_rcv_ssthresh);
    FIELD("TCP_INFO_TCPI_RTT", tcpi_rtt);
    FIELD("TCP_INFO_TCPI_RTTVAR", tcpi_rttvar);
    FIELD("TCP_INFO_TCPI_SND_SSTHRESH", tcpi_snd_ssthresh);
    FIELD("TCP_INFO_TCPI_SND_CWND", tcpi_snd_cwnd);
    FIELD("TCP_INFO_TCPI_ADVMSS", tcpi_advmss);
    FIELD("TCP_INFO_TCPI_REORDERING", tcpi_reordering);
    FIELD("TCP_INFO_TCPI_RCV_RTT", tcpi_rcv_rtt);
    FIELD("TCP_INFO_TCPI_RCV_SPACE", tcpi_rcv_space);
    FIELD("TCP_INFO_TCPI_TOTAL_RETRANS", tcpi_total_retrans);
    FIELD("TCP_INFO_TCPI_PACING_RATE", tcpi_pacing_rate);
    FIELD("TCP_INFO_TCPI_MAX_PACING_RATE", tcpi_max_pacing_rate);
    FIELD("TCP_INFO_TCPI_BYTES_ACKED", tcpi_bytes_acked);
    FIELD("TCP_INFO_TCPI_BYTES_RECEIVED", tcpi_bytes_received);
    FIELD("TCP_INFO_TCPI_SEGS_OUT", tcpi_segs_out);
    FIELD("TCP_INFO_TCPI_SEGS_IN", tcpi_segs_in);
    FIELD("TCP_INFO_TCPI_NOTSENT_BYTES", tcpi_notsent_bytes);
    FIELD("TCP_INFO_TCPI_MIN_RTT", tcpi_min_rtt);
    FIELD("TCP_INFO_TCPI_DATA_SEGS_IN", tcpi_data_segs_in);
    FIELD("TCP_INFO_TCPI_DATA_SEGS_OUT", tcpi_data_segs_out);
    FIELD("TCP_INFO_TCPI_DELIVERY_RATE", tcpi_delivery_rate);
    FIELD("TCP_INFO_TCPI_BUSY_TIME", tcpi_busy_time);
    FIELD("TCP_INFO_TCPI_RWND_LIMITED", tcpi_rwnd_limited);
    FIELD("TCP_INFO_TCPI_SNDBUF_LIMITED", tcpi_sndbuf_limited);
    FIELD("TCP_INFO_TCPI_DELIVERED", tcpi_delivered);
    FIELD("TCP_INFO_TCPI_DELIVERED_CE", tcpi_delivered_ce);
    FIELD("TCP_INFO_TCPI_BYTES_SENT", tcpi_bytes_sent);
    FIELD("TCP_INFO_TCPI_BYTES_RETRANS", tcpi_bytes_retrans);
    FIELD("TCP_INFO_TCPI_DSACK_DUPS", tcpi_dsack_dups);
    FIELD("TCP_INFO_TCPI_REORD_SEEN", tcpi_reord_seen);
    FIELD("TCP_INFO_TCPI_RCV_OOOPACK", tcpi_rcv_ooopack);
    FIELD("TCP_INFO_TCPI_SND_WND", tcpi_snd_wnd);

    /* queue sizes (tcp(7) ioctls) */
    C(SIOCINQ); C(SIOCOUTQ); C(SIOCOUTQNSD);

    /* shutdown(2) */
    C(SHUT_RD); C(SHUT_WR); C(SHUT_RDWR);

    /* epoll and eventfd: the lingering closer's own readiness */
    C(EPOLL_CLOEXEC);
    C(EPOLL_CTL_ADD);
    C(EPOLL_CTL_DEL);
    C(EPOLLIN);
    C(EFD_CLOEXEC);
    C(EFD_NONBLOCK);
    SIZE("EPOLL_EVENT", struct epoll_event);
    OFF("EPOLL_EVENT_EVENTS", struct epoll_event, events);
    OFF("EPOLL_EVENT_DATA", struct epoll_event, data);

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
    C(PACKET_STATISTICS); C(SO_RCVBUFFORCE); C(MSG_DONTWAIT); C(F_DUPFD_CLOEXEC);
    /* the lingering drain: discard queued input without copying it (tcp(7)) */
    C(MSG_TRUNC);
    SIZE("SOCKADDR_LL", struct sockaddr_ll);
    OFF("SOCKADDR_LL_FAMILY", struct sockaddr_ll, sll_family);
    OFF("SOCKADDR_LL_PROTOCOL", struct sockaddr_ll, sll_protocol);
    OFF("SOCKADDR_LL_IFINDEX", struct sockaddr_ll, sll_ifindex);
    OFF("SOCKADDR_LL_PKTTYPE", struct sockaddr_ll, sll_pkttype);
    SIZE("TPACKET_STATS", struct tpacket_stats);
    OFF("TPACKET_STATS_PACKETS", struct tpacket_stats, tp_packets);
    OFF("TPACKET_STATS_DROPS", struct tpacket_stats, tp_drops);
    return 0;
}
