/*
 * close_floor.c - the C floor of a close with a report: what close(2) of a fresh loopback
 * connection costs alone, and with the reads a true report makes before it, straight from C.
 * It answers how much of the close benchmarks' ratio is the kernel's and how much is Java, and
 * measures three other ways to read the same facts that sockopt4j does not take (each line says
 * why).
 *
 * The connections are CloseLatencyBenchmark's: accepted, a 16 KiB response written, then closed
 * by us while a peer thread reads everything and closes its end at our FIN (or reset). Per round
 * every mode closes the argument's count of connections (4000 without one), the modes taking
 * turns connection by connection so that drift hits them alike; 5 rounds, the median round
 * reported as "mode ns_per_close ratio_to_its_baseline # steps" lines.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/io_uring.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "floor.h"

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif
/* The socket commands of IORING_OP_URING_CMD (Linux 6.7; older headers lack them). */
#define SOCKET_URING_OP_SIOCINQ 0
#define SOCKET_URING_OP_SIOCOUTQ 1
#define SOCKET_URING_OP_GETSOCKOPT 2

static long conns = 4000;

enum mode {
    PLAIN_JDK, PLAIN_REPORT, PLAIN_MEMINFO_FOR_SIOCINQ, PLAIN_MEMINFO_ONLY, PLAIN_URING, ABORTIVE_JDK, ABORTIVE_REPORT,
    MODES
};
static const char *names[] = {
    "closePlain_jdk", "closePlain_report", "closePlain_meminfoForSiocinq", "closePlain_meminfoOnly",
    "closePlain_ioUring", "closeAbortive_jdk", "closeAbortive_report"};
/* The mode each one's ratio divides by: the same close without the report's reads. */
static const enum mode baseline[] = {PLAIN_JDK, PLAIN_JDK, PLAIN_JDK, PLAIN_JDK, PLAIN_JDK, ABORTIVE_JDK, ABORTIVE_JDK};
static const char *notes[] = {
    "close(2)",
    "ioctl(SIOCINQ), ioctl(SIOCOUTQ), getsockopt(SO_LINGER), close(2): what Close.plain reads",
    "getsockopt(SO_MEMINFO), ioctl(SIOCOUTQ), getsockopt(SO_LINGER), close(2): not taken, SO_MEMINFO"
    " (no socket lock; a receive memory of 0 means nothing unread on TCP, not on AF_UNIX) in SIOCINQ's"
    " place gains a few percent at most, within the spread of runs",
    "getsockopt(SO_MEMINFO), getsockopt(SO_LINGER), close(2): not taken, after a reset the kernel"
    " purges the send queue, so SO_MEMINFO says 0 where SIOCOUTQ still counts the bytes lost",
    "one io_uring_enter of SIOCINQ, SIOCOUTQ and SO_LINGER, close(2): not taken, slower than the"
    " three syscalls",
    "setsockopt(SO_LINGER {1, 0}), close(2)",
    "ioctl(SIOCINQ), ioctl(SIOCOUTQ), setsockopt(SO_LINGER {1, 0}), close(2): what Close.abortive does"};

static int listener(struct sockaddr_in *addr) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t len = sizeof *addr;
    *addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (server < 0 || bind(server, (struct sockaddr *)addr, sizeof *addr) || listen(server, 64)
        || getsockname(server, (struct sockaddr *)addr, &len)) die("listener");
    return server;
}

/* The peer: reads its connections to the end, then closes them (epoll, level-triggered). */
static int peer_epoll;

static void *peer(void *unused) {
    (void)unused;
    static char buffer[65536];
    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(peer_epoll, events, 64, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            ssize_t r;
            while ((r = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT)) > 0) {
            }
            if (r == 0 || errno != EAGAIN) { /* our FIN, or our RST */
                epoll_ctl(peer_epoll, EPOLL_CTL_DEL, fd, NULL);
                close(fd);
            }
        }
    }
    return NULL;
}

/* A fresh connection, its response written: returns the accepted fd, the one to close. */
static int accepted_pair(int server, const struct sockaddr_in *addr) {
    static const char response[16 * 1024];
    int client = socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0 || connect(client, (const struct sockaddr *)addr, sizeof *addr)) die("connect");
    int fd = accept(server, NULL, NULL);
    if (fd < 0) die("accept");
    struct epoll_event event = {.events = EPOLLIN, .data.fd = client};
    if (epoll_ctl(peer_epoll, EPOLL_CTL_ADD, client, &event)) die("epoll_ctl");
    if (write(fd, response, sizeof response) != (ssize_t)sizeof response) die("write");
    return fd;
}

/* ---- a minimal io_uring: 4 entries, used by one thread, one batch at a time ---------------- */

static struct {
    int fd;
    unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
} ring = {.fd = -1};

static const char *ring_setup(void) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    ring.fd = (int)syscall(__NR_io_uring_setup, 4, &p);
    if (ring.fd < 0) return strerror(errno);
    if (!(p.features & IORING_FEAT_SINGLE_MMAP)) return "no IORING_FEAT_SINGLE_MMAP (Linux < 5.4)";
    size_t sq_size = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_size = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    char *rings = mmap(NULL, sq_size > cq_size ? sq_size : cq_size, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_POPULATE, ring.fd, IORING_OFF_SQ_RING);
    ring.sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_POPULATE, ring.fd, IORING_OFF_SQES);
    if (rings == MAP_FAILED || ring.sqes == MAP_FAILED) return strerror(errno);
    ring.sq_tail = (unsigned *)(rings + p.sq_off.tail);
    ring.sq_mask = (unsigned *)(rings + p.sq_off.ring_mask);
    ring.sq_array = (unsigned *)(rings + p.sq_off.array);
    ring.cq_head = (unsigned *)(rings + p.cq_off.head);
    ring.cq_tail = (unsigned *)(rings + p.cq_off.tail);
    ring.cq_mask = (unsigned *)(rings + p.cq_off.ring_mask);
    ring.cqes = (struct io_uring_cqe *)(rings + p.cq_off.cqes);
    return NULL;
}

/* SIOCINQ, SIOCOUTQ and getsockopt(SO_LINGER) in one io_uring_enter; results[i] is each cqe's res. */
static int ring_look(int fd, struct linger *linger, int results[3]) {
    unsigned tail = *ring.sq_tail;
    for (unsigned i = 0; i < 3; i++) {
        unsigned index = (tail + i) & *ring.sq_mask;
        struct io_uring_sqe *sqe = &ring.sqes[index];
        memset(sqe, 0, sizeof *sqe);
        sqe->opcode = IORING_OP_URING_CMD;
        sqe->fd = fd;
        sqe->cmd_op = i; /* SOCKET_URING_OP_SIOCINQ, _SIOCOUTQ, _GETSOCKOPT */
        sqe->user_data = i;
        if (i == SOCKET_URING_OP_GETSOCKOPT) {
            /* level and optname share addr's place, optlen splice_fd_in's, optval addr3's */
            sqe->addr = (unsigned long long)SO_LINGER << 32 | SOL_SOCKET;
            sqe->splice_fd_in = sizeof *linger;
            sqe->addr3 = (unsigned long long)(unsigned long)linger;
        }
        ring.sq_array[index] = index;
    }
    __atomic_store_n(ring.sq_tail, tail + 3, __ATOMIC_RELEASE);
    if (syscall(__NR_io_uring_enter, ring.fd, 3, 3, IORING_ENTER_GETEVENTS, NULL, 0) != 3) return -1;
    unsigned head = *ring.cq_head, end = __atomic_load_n(ring.cq_tail, __ATOMIC_ACQUIRE);
    for (; head != end; head++) {
        struct io_uring_cqe *cqe = &ring.cqes[head & *ring.cq_mask];
        results[cqe->user_data] = cqe->res;
    }
    __atomic_store_n(ring.cq_head, head, __ATOMIC_RELEASE);
    return 0;
}

/* ---- the modes ------------------------------------------------------------------------------ */

static void close_one(int fd, enum mode mode) {
    int unread, queued, results[3];
    unsigned meminfo[9];
    struct linger linger;
    struct linger abortive = {.l_onoff = 1, .l_linger = 0};
    socklen_t len = sizeof linger, meminfo_len = sizeof meminfo;
    int r = 0;
    switch (mode) {
    case PLAIN_REPORT:
        r = ioctl(fd, SIOCINQ, &unread) | ioctl(fd, SIOCOUTQ, &queued)
            | getsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, &len);
        break;
    case PLAIN_MEMINFO_FOR_SIOCINQ:
        r = getsockopt(fd, SOL_SOCKET, SO_MEMINFO, meminfo, &meminfo_len) | ioctl(fd, SIOCOUTQ, &queued)
            | getsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, &len);
        break;
    case PLAIN_MEMINFO_ONLY:
        r = getsockopt(fd, SOL_SOCKET, SO_MEMINFO, meminfo, &meminfo_len)
            | getsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, &len);
        break;
    case PLAIN_URING:
        r = ring_look(fd, &linger, results);
        if (r == 0 && (results[0] < 0 || results[1] < 0 || results[2] != (int)sizeof linger)) {
            fprintf(stderr, "io_uring look: %d %d %d\n", results[0], results[1], results[2]);
            exit(1);
        }
        break;
    case ABORTIVE_REPORT:
        r = ioctl(fd, SIOCINQ, &unread) | ioctl(fd, SIOCOUTQ, &queued);
        /* fall through */
    case ABORTIVE_JDK:
        r |= setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        break;
    default:
        break;
    }
    if (r != 0) die(names[mode]);
    if (close(fd) != 0) die("close");
}

int main(int argc, char **argv) {
    if (argc > 1) conns = atol(argv[1]); /* a smaller count for a smoke run */
    const char *no_ring = ring_setup();
    struct sockaddr_in addr;
    int server = listener(&addr);
    pthread_t peer_thread;
    peer_epoll = epoll_create1(0);
    if (peer_epoll < 0 || pthread_create(&peer_thread, NULL, peer, NULL)) die("peer");
    double rounds[MODES][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
        double total[MODES] = {0};
        for (long i = 0; i < conns; i++) {
            for (enum mode mode = 0; mode < MODES; mode++) {
                if (mode == PLAIN_URING && no_ring) continue;
                int fd = accepted_pair(server, &addr);
                double start = now_ns();
                close_one(fd, mode);
                total[mode] += now_ns() - start;
            }
        }
        for (enum mode mode = 0; mode < MODES; mode++) rounds[mode][round] = total[mode] / conns;
    }
    for (enum mode mode = 0; mode < MODES; mode++) {
        if (mode == PLAIN_URING && no_ring) {
            printf("# %s not measured: io_uring_setup: %s\n", names[mode], no_ring);
            continue;
        }
        qsort(rounds[mode], ROUNDS, sizeof(double), cmp_double);
        qsort(rounds[baseline[mode]], ROUNDS, sizeof(double), cmp_double);
        double ns = rounds[mode][ROUNDS / 2];
        printf("%s %.0f %.3f # %s\n", names[mode], ns, ns / rounds[baseline[mode]][ROUNDS / 2], notes[mode]);
    }
    close(server);
    return 0;
}
