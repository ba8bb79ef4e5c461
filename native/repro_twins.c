/*
 * repro_twins.c - the C twins of sockopt4j's reproduction scenarios (same ids as Scenarios.java and
 * CloseScenarios.java in java/repro/src/main/java/io/github/sockopt4j/repro/): the same steps with
 * the plain socket calls, so a test can check that the Java library behaves exactly like the C
 * calls it wraps.
 *
 * Usage: repro_twins [ID...]   (no ID: every scenario)
 * Output, one line per scenario:
 *   ID events=WRITE_OK,DATA,ECONNRESET delivery=ALL|PARTIAL|NONE|CORRUPT written=N received=N
 *      emitted=FIN|RST|FIN_THEN_RST|NOTHING close_s=N [unread_after_shutrd=N]
 * "emitted" is inferred from the client's calls and its final TCP state, as the Java side does
 * without a capture. Every wait is bounded; a broken setup prints "setup=..." and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>

#define REQUEST 4096
#define SMALL_RESPONSE 72
#define LARGE_RESPONSE (256 * 1024)
#define LATE_DATA 1000
#define MAX_EVENTS 32
#define MAX_READS 100000
#define SETTLE_MS 2000

enum event { WRITE_OK, DATA, END_OF_STREAM, E_CONNRESET, E_PIPE, OTHER };
static const char *EVENT_NAMES[] = {"WRITE_OK", "DATA", "EOF", "ECONNRESET", "EPIPE", "OTHER"};

struct buffers { int client_receive, server_send, server_receive; };
static const struct buffers DEFAULT_BUFFERS = {0, 0, 0};
static const struct buffers STUCK_RESPONSE = {8192, 512 * 1024, 0};
static const struct buffers SMALL_SERVER_WINDOW = {0, 0, 8192};

/* the client side (Y): its calls' results and what it read */
struct client {
    int fd;
    enum event events[MAX_EVENTS];
    int count;
    unsigned char *received;
    size_t received_len, received_cap;
    int final_state;
    int closed; /* Y closed its socket itself (its FIN ends X's drain) */
    int so_error; /* what getsockopt(SO_ERROR) returned, -1 when Y did not ask */
    const char *blocked_write; /* how Y's one large write call ended: ALL, PARTIAL, NONE; NULL if none */
};

enum drain { NO_DRAIN, PEER_EOF, IDLE_TIMEOUT, TOTAL_TIMEOUT, ACKED, DRAIN_ERROR };
static const char *DRAIN_NAMES[] = {"", "PEER_EOF", "IDLE_TIMEOUT", "TOTAL_TIMEOUT", "ACKED", "ERROR"};

/* the server side (X) */
struct server {
    int fd;
    unsigned char *written;
    size_t written_len;
    long close_ms;
    long unread_after_shutrd;
    enum drain drain;
};

struct stage { int listener; struct server x; struct client y; };

static unsigned char request_bytes[REQUEST], small[SMALL_RESPONSE], large[LARGE_RESPONSE], late[LATE_DATA];
static const unsigned char TLS_FATAL_ALERT[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

static void fill(unsigned char *b, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        b[i] = (unsigned char)(seed >> 16);
    }
}

static void die(const char *what) {
    printf("setup=%s errno=%s\n", what, strerror(errno));
    exit(1);
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void sleep_ms(int ms) {
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
}

static int tcp_state(int fd) {
    struct tcp_info info;
    socklen_t len = sizeof info;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) < 0) {
        return -1;
    }
    return info.tcpi_state;
}

static int unread(int fd) {
    int n = -1;
    ioctl(fd, SIOCINQ, &n);
    return n;
}

static void record(struct client *y, enum event e) {
    if (y->count > 0 && y->events[y->count - 1] == e) {
        return;
    }
    if (y->count < MAX_EVENTS) {
        y->events[y->count++] = e;
    }
}

static enum event failure(int err) {
    return err == ECONNRESET ? E_CONNRESET : err == EPIPE ? E_PIPE : OTHER;
}

/* Writes all of data (MSG_NOSIGNAL: the JDK ignores SIGPIPE too); records the result. */
static int client_write(struct client *y, const unsigned char *data, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = send(y->fd, data + done, n - done, MSG_NOSIGNAL);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            record(y, failure(errno));
            return 0;
        }
        done += (size_t)r;
    }
    record(y, WRITE_OK);
    return 1;
}

/* Reads until EOF or the first error, keeping the bytes. */
static void client_read_to_end(struct client *y) {
    unsigned char b[16 * 1024];
    for (int i = 0; i < MAX_READS; i++) {
        ssize_t r = recv(y->fd, b, sizeof b, 0);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            record(y, failure(errno));
            return;
        }
        if (r == 0) {
            record(y, END_OF_STREAM);
            return;
        }
        if (y->received_len + (size_t)r > y->received_cap) {
            y->received_cap = 2 * (y->received_len + (size_t)r);
            y->received = realloc(y->received, y->received_cap);
        }
        memcpy(y->received + y->received_len, b, (size_t)r);
        y->received_len += (size_t)r;
        record(y, DATA);
    }
}

/* Waits until the server's RST has arrived: the client's state becomes CLOSE, its error still pending. */
static void client_await_reset(struct client *y) {
    long deadline = now_ms() + SETTLE_MS;
    while (tcp_state(y->fd) != TCP_CLOSE && now_ms() < deadline) {
        sleep_ms(1);
    }
}

static void server_read(struct server *x, size_t n) {
    unsigned char b[REQUEST];
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv(x->fd, b, n - got > sizeof b ? sizeof b : n - got, 0);
        if (r <= 0) {
            die("server read");
        }
        got += (size_t)r;
    }
}

static void server_write(struct server *x, const unsigned char *data, size_t n) {
    size_t done = 0;
    for (long i = 0; done < n; i++) {
        ssize_t r = send(x->fd, data + done, n - done, MSG_NOSIGNAL);
        if (r < 0 && errno != EAGAIN && errno != EINTR) {
            die("server write");
        }
        if (i > 1000000) {
            die("server write made no progress");
        }
        done += r > 0 ? (size_t)r : 0;
    }
    x->written = realloc(x->written, x->written_len + n);
    memcpy(x->written + x->written_len, data, n);
    x->written_len += n;
}

static void server_close(struct server *x) {
    long start = now_ms();
    close(x->fd);
    x->close_ms = now_ms() - start;
    x->fd = -1;
}

static void await_server_unread(struct stage *s, int bytes, int exactly) {
    long deadline = now_ms() + SETTLE_MS;
    while (!(exactly ? unread(s->x.fd) == bytes : unread(s->x.fd) > 0)) {
        if (now_ms() > deadline) {
            die("server unread bytes never arrived");
        }
        sleep_ms(1);
    }
}

static void set_int(int fd, int level, int name, int value) {
    if (value > 0 && setsockopt(fd, level, name, &value, sizeof value) < 0) {
        die("setsockopt");
    }
}

static void set_linger(int fd, int seconds) {
    struct linger l = {1, seconds};
    if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) < 0) {
        die("SO_LINGER");
    }
}

static void stage_open(struct stage *s, struct buffers b) {
    memset(s, 0, sizeof *s);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    s->listener = socket(AF_INET, SOCK_STREAM, 0);
    set_int(s->listener, SOL_SOCKET, SO_RCVBUF, b.server_receive);
    if (bind(s->listener, (struct sockaddr *)&a, sizeof a) < 0 || listen(s->listener, 1) < 0
            || getsockname(s->listener, (struct sockaddr *)&a, &len) < 0) {
        die("listen");
    }
    s->y.fd = socket(AF_INET, SOCK_STREAM, 0);
    set_int(s->y.fd, SOL_SOCKET, SO_RCVBUF, b.client_receive);
    if (connect(s->y.fd, (struct sockaddr *)&a, sizeof a) < 0) {
        die("connect");
    }
    s->x.fd = accept(s->listener, NULL, NULL);
    if (s->x.fd < 0) {
        die("accept");
    }
    set_int(s->x.fd, SOL_SOCKET, SO_SNDBUF, b.server_send);
    s->x.unread_after_shutrd = -1;
    s->y.so_error = -1;
}

static const char *inferred_emission(struct client *y) {
    int reset = 0, fin = 0, pipe = 0;
    for (int i = 0; i < y->count; i++) {
        reset |= y->events[i] == E_CONNRESET;
        fin |= y->events[i] == END_OF_STREAM;
        pipe |= y->events[i] == E_PIPE;
    }
    if (reset || y->so_error == ECONNRESET) {
        return "RST"; /* after a FIN an RST is reported as EPIPE, so no FIN came first */
    }
    int rst = y->final_state == TCP_CLOSE || pipe;
    return rst ? (fin ? "FIN_THEN_RST" : "RST") : (fin ? "FIN" : "NOTHING");
}

static void client_close(struct client *y) {
    y->final_state = -1;
    close(y->fd);
    y->closed = 1;
}

static void stage_report(const char *id, struct stage *s) {
    if (!s->y.closed) {
        s->y.final_state = tcp_state(s->y.fd);
    }
    const char *delivery;
    if (s->y.received_len > s->x.written_len
            || (s->y.received_len > 0 && memcmp(s->y.received, s->x.written, s->y.received_len) != 0)) {
        delivery = "CORRUPT";
    } else if (s->y.received_len == s->x.written_len) {
        delivery = "ALL";
    } else {
        delivery = s->y.received_len == 0 ? "NONE" : "PARTIAL";
    }
    printf("%s events=", id);
    for (int i = 0; i < s->y.count; i++) {
        printf("%s%s", i ? "," : "", EVENT_NAMES[s->y.events[i]]);
    }
    printf(" delivery=%s written=%zu received=%zu emitted=%s close_s=%ld", delivery, s->x.written_len,
           s->y.received_len, inferred_emission(&s->y), s->x.close_ms / 1000);
    if (s->x.unread_after_shutrd >= 0) {
        printf(" unread_after_shutrd=%ld", s->x.unread_after_shutrd);
    }
    if (s->y.blocked_write != NULL) {
        printf(" blocked_write=%s", s->y.blocked_write);
    }
    if (s->y.so_error >= 0) {
        printf(" so_error=%s", s->y.so_error == 0 ? "none" : s->y.so_error == ECONNRESET ? "ECONNRESET"
               : s->y.so_error == EPIPE ? "EPIPE" : "other");
    }
    if (s->x.drain != NO_DRAIN) {
        printf(" drain=%s", DRAIN_NAMES[s->x.drain]);
    }
    printf("\n");
    fflush(stdout);
    if (!s->y.closed) {
        close(s->y.fd);
    }
    if (s->x.fd >= 0) {
        close(s->x.fd);
    }
    close(s->listener);
    free(s->y.received);
    free(s->x.written);
}

/* ---- the scenarios, step for step as in Scenarios.java ---------------------------------- */

/* linger: -1 leaves SO_LINGER alone */
static void reply_and_close(struct stage *s, const unsigned char *reply, size_t n, size_t consumed, int linger) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, consumed);
    await_server_unread(s, REQUEST - (int)consumed, 1);
    server_write(&s->x, reply, n);
    if (linger >= 0) {
        set_linger(s->x.fd, linger);
    }
    server_close(&s->x);
    client_await_reset(&s->y);
    client_read_to_end(&s->y);
}

static void tls_alert_unread(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, 5);
    await_server_unread(s, REQUEST - 5, 1);
    server_write(&s->x, TLS_FATAL_ALERT, sizeof TLS_FATAL_ALERT);
    server_close(&s->x);
    client_await_reset(&s->y);
    client_write(&s->y, late, LATE_DATA);
    client_read_to_end(&s->y);
}

static void tls_alert_late_data(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    server_write(&s->x, TLS_FATAL_ALERT, sizeof TLS_FATAL_ALERT);
    server_close(&s->x);
    client_write(&s->y, late, LATE_DATA);
    client_await_reset(&s->y);
    client_write(&s->y, late, LATE_DATA);
    client_read_to_end(&s->y);
}

static void shut_write_then_close(struct stage *s, const unsigned char *reply, size_t n) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, 16);
    await_server_unread(s, REQUEST - 16, 1);
    server_write(&s->x, reply, n);
    long start = now_ms();
    shutdown(s->x.fd, SHUT_WR);
    close(s->x.fd);
    s->x.close_ms = now_ms() - start;
    s->x.fd = -1;
    client_await_reset(&s->y);
    client_read_to_end(&s->y);
    if (n == SMALL_RESPONSE) {
        client_write(&s->y, late, LATE_DATA);
    }
}

static void late_data_large(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    server_write(&s->x, large, LARGE_RESPONSE);
    server_close(&s->x);
    client_write(&s->y, late, LATE_DATA);
    client_await_reset(&s->y);
    client_read_to_end(&s->y);
}

/* The JDK's shutdownInput() is shutdown(SHUT_RD) plus a flag that makes Java reads return -1. */
static void read_shutdown_trap(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    shutdown(s->x.fd, SHUT_RD);
    client_write(&s->y, late, LATE_DATA);
    await_server_unread(s, LATE_DATA, 1);
    s->x.unread_after_shutrd = unread(s->x.fd);
    server_write(&s->x, small, SMALL_RESPONSE);
    server_close(&s->x);
    client_await_reset(&s->y);
    client_read_to_end(&s->y);
}

static void linger_timed_blocks(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    fcntl(s->x.fd, F_SETFL, fcntl(s->x.fd, F_GETFL) | O_NONBLOCK);
    server_write(&s->x, large, LARGE_RESPONSE);
    set_linger(s->x.fd, 1);
    server_close(&s->x);
    client_read_to_end(&s->y);
}

static void *upload_then_read(void *arg) {
    struct client *y = arg;
    static unsigned char chunk[16 * 1024];
    for (long sent = 0; sent < 64L * 1024 * 1024; sent += (long)sizeof chunk) {
        if (!client_write(y, chunk, sizeof chunk)) {
            break;
        }
    }
    client_read_to_end(y);
    return NULL;
}

/* Y sends the request, then goes on in `uploader`; X reads the request, answers at once, closes. */
static void answer_while_uploading(struct stage *s, void *(*uploader)(void *)) {
    pthread_t t;
    client_write(&s->y, request_bytes, REQUEST);
    if (pthread_create(&t, NULL, uploader, &s->y) != 0) {
        die("pthread_create");
    }
    server_read(&s->x, REQUEST);
    await_server_unread(s, 0, 0);
    server_write(&s->x, small, SMALL_RESPONSE);
    server_close(&s->x);
    pthread_join(t, NULL);
}

static void early_response(struct stage *s) {
    answer_while_uploading(s, upload_then_read);
}


/* ---- the Close strategies as the plain calls they make (Close.lingering, Close.afterAcked) --- */

/* SHUT_WR, read and discard until EOF, idle_ms of silence or total_ms in all, then close. */
static void lingering_close(struct server *x, int idle_ms, int total_ms) {
    long start = now_ms();
    unsigned char b[32 * 1024];
    shutdown(x->fd, SHUT_WR);
    while (x->drain == NO_DRAIN) {
        long left = start + total_ms - now_ms();
        if (left <= 0) {
            x->drain = TOTAL_TIMEOUT;
            break;
        }
        struct pollfd p = {x->fd, POLLIN, 0};
        int r = poll(&p, 1, (int)(left < idle_ms ? left : idle_ms));
        if (r == 0) {
            x->drain = left <= idle_ms ? TOTAL_TIMEOUT : IDLE_TIMEOUT;
        } else {
            ssize_t n = r < 0 ? -1 : recv(x->fd, b, sizeof b, 0);
            x->drain = n > 0 ? NO_DRAIN : n == 0 ? PEER_EOF : DRAIN_ERROR;
        }
    }
    close(x->fd);
    x->close_ms = now_ms() - start;
    x->fd = -1;
}

/* SHUT_WR, wait until SIOCOUTQ is 0 (our data and FIN ACKed) or timeout_ms passed, then close. */
static void after_acked_close(struct server *x, int timeout_ms) {
    long start = now_ms();
    int queued = -1;
    shutdown(x->fd, SHUT_WR);
    while (ioctl(x->fd, SIOCOUTQ, &queued) == 0 && queued > 0 && now_ms() - start < timeout_ms) {
        sleep_ms(1);
    }
    x->drain = queued == 0 ? ACKED : TOTAL_TIMEOUT;
    close(x->fd);
    x->close_ms = now_ms() - start;
    x->fd = -1;
}

static void *late_read_close(void *arg) {
    struct client *y = arg;
    client_write(y, late, LATE_DATA);
    client_read_to_end(y);
    client_close(y);
    return NULL;
}

static void *read_close(void *arg) {
    struct client *y = arg;
    client_read_to_end(y);
    client_close(y);
    return NULL;
}

static void *read_only(void *arg) {
    client_read_to_end(arg);
    return NULL;
}

static void *trickle(void *arg) {
    struct client *y = arg;
    static const unsigned char dot = '.';
    for (int i = 0; i < 25 && client_write(y, &dot, 1); i++) {
        sleep_ms(300); /* the pace is the scenario: a slow peer, not a wait; not a divisor of the 1 s total */
    }
    client_read_to_end(y);
    return NULL;
}

static void in_background(pthread_t *t, void *(*client_steps)(void *), struct client *y) {
    if (pthread_create(t, NULL, client_steps, y) != 0) {
        die("pthread_create");
    }
}

static void tls_alert_lingering(struct stage *s) {
    pthread_t t;
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    server_write(&s->x, TLS_FATAL_ALERT, sizeof TLS_FATAL_ALERT);
    in_background(&t, late_read_close, &s->y);
    lingering_close(&s->x, 2000, 5000);
    pthread_join(t, NULL);
}

static void large_reply_lingering(struct stage *s) {
    pthread_t t;
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, 16);
    await_server_unread(s, REQUEST - 16, 1);
    server_write(&s->x, large, LARGE_RESPONSE);
    in_background(&t, read_close, &s->y);
    lingering_close(&s->x, 2000, 5000);
    pthread_join(t, NULL);
}

static void after_acked(struct stage *s) {
    pthread_t t;
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    server_write(&s->x, large, LARGE_RESPONSE);
    in_background(&t, read_only, &s->y);
    after_acked_close(&s->x, 5000);
    pthread_join(t, NULL);
}

static void lingering_trickle(struct stage *s) {
    pthread_t t;
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    server_write(&s->x, small, SMALL_RESPONSE);
    in_background(&t, trickle, &s->y);
    lingering_close(&s->x, 500, 1000);
    pthread_join(t, NULL);
}

static void lingering_silent_peer(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    server_write(&s->x, small, SMALL_RESPONSE);
    lingering_close(&s->x, 300, 5000);
    client_read_to_end(&s->y);
}

#define BLOCKED_UPLOAD (16 << 20)

/* One write(2) of 16 MiB: blocks, returns a partial count at the reset, the next call fails. */
static void *write_in_one_call_then_read(void *arg) {
    struct client *y = arg;
    static unsigned char upload[BLOCKED_UPLOAD];
    ssize_t n = write(y->fd, upload, sizeof upload);
    if (n < 0) {
        y->blocked_write = "NONE";
        record(y, failure(errno));
    } else if ((size_t)n < sizeof upload) {
        y->blocked_write = "PARTIAL";
        client_write(y, upload + n, sizeof upload - (size_t)n);
    } else {
        y->blocked_write = "ALL";
        record(y, WRITE_OK);
    }
    client_read_to_end(y);
    return NULL;
}

static void blocked_write_close(struct stage *s) {
    answer_while_uploading(s, write_in_one_call_then_read);
}

/* getsockopt(SO_ERROR) returns and clears the pending ECONNRESET: the reads then end in a plain EOF. */
static void so_error_takes_reset(struct stage *s) {
    socklen_t len = sizeof s->y.so_error;
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, 16);
    await_server_unread(s, REQUEST - 16, 1);
    server_write(&s->x, small, SMALL_RESPONSE);
    server_close(&s->x);
    client_await_reset(&s->y);
    getsockopt(s->y.fd, SOL_SOCKET, SO_ERROR, &s->y.so_error, &len);
    client_read_to_end(&s->y);
}

/* Y reads the alert and the EOF first, then writes: accepted, answered by RST, the next write EPIPE. */
static void alert_eof_then_write(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, REQUEST);
    server_write(&s->x, TLS_FATAL_ALERT, sizeof TLS_FATAL_ALERT);
    server_close(&s->x);
    client_read_to_end(&s->y);
    client_write(&s->y, late, LATE_DATA);
    client_await_reset(&s->y);
    client_write(&s->y, late, LATE_DATA);
}

/* Wait until everything (FIN included) is ACKed, then close with request bytes unread: RST all the same. */
static void after_acked_unread(struct stage *s) {
    client_write(&s->y, request_bytes, REQUEST);
    server_read(&s->x, 16);
    await_server_unread(s, REQUEST - 16, 1);
    server_write(&s->x, small, SMALL_RESPONSE);
    after_acked_close(&s->x, 5000);
    client_await_reset(&s->y);
    client_read_to_end(&s->y);
    client_write(&s->y, late, LATE_DATA);
}

static void s_tls_alert_unread(struct stage *s) { tls_alert_unread(s); }
static void s_tls_alert_late_data(struct stage *s) { tls_alert_late_data(s); }
static void s_unread_close_small(struct stage *s) { reply_and_close(s, small, SMALL_RESPONSE, 16, -1); }
static void s_unread_close_large(struct stage *s) { reply_and_close(s, large, LARGE_RESPONSE, 16, -1); }
static void s_abortive_linger_zero(struct stage *s) { reply_and_close(s, small, SMALL_RESPONSE, REQUEST, 0); }
static void s_shutwr_close_small(struct stage *s) { shut_write_then_close(s, small, SMALL_RESPONSE); }
static void s_shutwr_close_large(struct stage *s) { shut_write_then_close(s, large, LARGE_RESPONSE); }
static void s_late_data_large(struct stage *s) { late_data_large(s); }
static void s_shutrd_trap(struct stage *s) { read_shutdown_trap(s); }
static void s_linger_timed_blocks(struct stage *s) { linger_timed_blocks(s); }
static void s_linger_timed_unread(struct stage *s) { reply_and_close(s, small, SMALL_RESPONSE, 16, 1); }
static void s_early_response(struct stage *s) { early_response(s); }
static void s_abortive_large_reply(struct stage *s) { reply_and_close(s, large, LARGE_RESPONSE, REQUEST, 0); }

static const struct twin {
    const char *id;
    const struct buffers *buffers;
    void (*run)(struct stage *);
} TWINS[] = {
    {"tls-alert-unread", &DEFAULT_BUFFERS, s_tls_alert_unread},
    {"tls-alert-late-data", &DEFAULT_BUFFERS, s_tls_alert_late_data},
    {"unread-close-small", &DEFAULT_BUFFERS, s_unread_close_small},
    {"unread-close-large", &STUCK_RESPONSE, s_unread_close_large},
    {"abortive-linger-zero", &DEFAULT_BUFFERS, s_abortive_linger_zero},
    {"shutwr-close-small", &DEFAULT_BUFFERS, s_shutwr_close_small},
    {"shutwr-close-large", &STUCK_RESPONSE, s_shutwr_close_large},
    {"late-data-large", &STUCK_RESPONSE, s_late_data_large},
    {"shutrd-trap", &DEFAULT_BUFFERS, s_shutrd_trap},
    {"jdk-shutdown-input-trap", &DEFAULT_BUFFERS, s_shutrd_trap},
    {"linger-timed-blocks", &STUCK_RESPONSE, s_linger_timed_blocks},
    {"linger-timed-unread", &DEFAULT_BUFFERS, s_linger_timed_unread},
    {"early-response-client", &SMALL_SERVER_WINDOW, s_early_response},
    {"abortive-large-reply", &STUCK_RESPONSE, s_abortive_large_reply},
    {"alert-eof-then-write", &DEFAULT_BUFFERS, alert_eof_then_write},
    {"so-error-takes-reset", &DEFAULT_BUFFERS, so_error_takes_reset},
    {"blocked-write-close", &SMALL_SERVER_WINDOW, blocked_write_close},
    {"tls-alert-lingering", &DEFAULT_BUFFERS, tls_alert_lingering},
    {"lingering-large-reply", &STUCK_RESPONSE, large_reply_lingering},
    {"after-acked", &STUCK_RESPONSE, after_acked},
    {"lingering-trickle", &DEFAULT_BUFFERS, lingering_trickle},
    {"lingering-silent-peer", &DEFAULT_BUFFERS, lingering_silent_peer},
    {"after-acked-unread", &DEFAULT_BUFFERS, after_acked_unread},
};

int main(int argc, char **argv) {
    fill(request_bytes, sizeof request_bytes, 1);
    fill(small, sizeof small, 2);
    fill(large, sizeof large, 3);
    fill(late, sizeof late, 4);
    size_t n = sizeof TWINS / sizeof TWINS[0];
    for (size_t i = 0; i < n; i++) {
        int wanted = argc < 2;
        for (int a = 1; a < argc; a++) {
            wanted |= strcmp(argv[a], TWINS[i].id) == 0;
        }
        if (wanted) {
            struct stage s;
            stage_open(&s, *TWINS[i].buffers);
            TWINS[i].run(&s);
            stage_report(TWINS[i].id, &s);
        }
    }
    return 0;
}
