/*
 * syscall_floor.c - the C floor for the benchmarks: what each socket call sockopt4j makes costs
 * when made straight from C on a connected loopback socket. 10^6 calls per round, 5 rounds, the
 * median round reported, as "call ns_per_call" lines named like the JMH methods (BenchReport
 * matches them to the rows of each call).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "floor.h"

static long calls = 1000000;

/* One connected loopback pair; returns the client fd. */
static int connected_pair(int *accepted) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (server < 0 || bind(server, (struct sockaddr *)&addr, sizeof addr) || listen(server, 1)
        || getsockname(server, (struct sockaddr *)&addr, &len)) die("server");
    int client = socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0 || connect(client, (struct sockaddr *)&addr, sizeof addr)) die("connect");
    *accepted = accept(server, NULL, NULL);
    if (*accepted < 0) die("accept");
    close(server);
    return client;
}

enum op { SET_NODELAY, GET_NODELAY, SET_QUICKACK, SET_RCVBUF, GET_RCVBUF, TCPINFO, SIOCINQ_OP, SIOCOUTQ_OP };
static const char *names[] = {"setTcpNodelay", "getTcpNodelay", "setTcpQuickack", "setSoRcvbuf",
                              "getSoRcvbuf", "tcpInfo", "unreadBytes", "sendQueueBytes"};

static double round_ns(int fd, enum op op) {
    int v = 1;
    socklen_t len;
    struct tcp_info info;
    double start = now_ns();
    for (long i = 0; i < calls; i++) {
        int r;
        switch (op) {
        case SET_NODELAY: v = (int)(i & 1); r = setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v); break;
        case GET_NODELAY: len = sizeof v; r = getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len); break;
        case SET_QUICKACK: v = (int)(i & 1); r = setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &v, sizeof v); break;
        case SET_RCVBUF: v = 65536 + (int)(i & 1) * 4096; r = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof v); break;
        case GET_RCVBUF: len = sizeof v; r = getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len); break;
        case TCPINFO: len = sizeof info; r = getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len); break;
        case SIOCINQ_OP: r = ioctl(fd, SIOCINQ, &v); break;
        default: r = ioctl(fd, SIOCOUTQ, &v); break;
        }
        if (r != 0) die(names[op]);
    }
    return (now_ns() - start) / calls;
}

int main(int argc, char **argv) {
    if (argc > 1) calls = atol(argv[1]); /* a smaller count for a smoke run */
    int accepted;
    int fd = connected_pair(&accepted);
    for (int op = SET_NODELAY; op <= SIOCOUTQ_OP; op++) {
        double r[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) r[i] = round_ns(fd, op);
        qsort(r, ROUNDS, sizeof r[0], cmp_double);
        printf("%s %.1f\n", names[op], r[ROUNDS / 2]);
    }
    close(fd);
    close(accepted);
    return 0;
}
