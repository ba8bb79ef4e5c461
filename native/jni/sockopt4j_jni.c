/*
 * sockopt4j_jni.c - the JNI backend: the C library calls of io.github.sockopt4j.internal.NativeBackend,
 * bound as the static natives of io.github.sockopt4j.internal.JniCalls.
 *
 * Each call is the syscall and nothing else: pointers arrive as addresses (jlong) of memory the Java
 * side allocated once, a failure comes back as -errno (errno read right after the call, on the same
 * thread), and nothing is allocated. Two kinds save the Java side work: setsockoptInt/getsockoptInt
 * pass an int option's value by value (no memory at all), and queueLook makes a close's first
 * look, up to four syscalls, in one crossing. Only ifNameToIndex and strerror, used at setup and for
 * error messages, touch Java objects.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <jni.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdint.h>
#include <string.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Raised whenever a native's signature or meaning changes: the Java side refuses a stale library. */
#define SOCKOPT4J_JNI_ABI 6

#define FAILED(r) ((r) == -1 ? -errno : (r))
#define PTR(address) ((void *) (intptr_t) (address))

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_abi(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return SOCKOPT4J_JNI_ABI;
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_setsockopt(
        JNIEnv *env, jclass cls, jint fd, jint level, jint name, jlong value, jint length) {
    (void) env; (void) cls;
    int r = setsockopt(fd, level, name, PTR(value), (socklen_t) length);
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_getsockopt(
        JNIEnv *env, jclass cls, jint fd, jint level, jint name, jlong value, jlong length) {
    (void) env; (void) cls;
    int r = getsockopt(fd, level, name, PTR(value), (socklen_t *) PTR(length));
    return FAILED(r);
}

/* setsockopt of one int, passed by value: no memory on the Java side. */
JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_setsockoptInt(
        JNIEnv *env, jclass cls, jint fd, jint level, jint name, jint value) {
    (void) env; (void) cls;
    int v = value;
    int r = setsockopt(fd, level, name, &v, sizeof v);
    return FAILED(r);
}

/* getsockopt of one int: the returned length in the high 32 bits, the int in the low ones, or -errno.
 * An option that answers with one byte leaves it in the int's first byte (both platforms are
 * little-endian), the rest zero. */
JNIEXPORT jlong JNICALL Java_io_github_sockopt4j_internal_JniCalls_getsockoptInt(
        JNIEnv *env, jclass cls, jint fd, jint level, jint name) {
    (void) env; (void) cls;
    int v = 0;
    socklen_t length = sizeof v;
    if (getsockopt(fd, level, name, &v, &length) == -1) {
        return -errno;
    }
    return ((jlong) length << 32) | (uint32_t) v;
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_ioctl(
        JNIEnv *env, jclass cls, jint fd, jlong request, jlong argument) {
    (void) env; (void) cls;
    int r = ioctl(fd, (unsigned long) request, PTR(argument));
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_shutdown(
        JNIEnv *env, jclass cls, jint fd, jint how) {
    (void) env; (void) cls;
    int r = shutdown(fd, how);
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_socket(
        JNIEnv *env, jclass cls, jint domain, jint type, jint protocol) {
    (void) env; (void) cls;
    int r = socket(domain, type, protocol);
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_close(JNIEnv *env, jclass cls, jint fd) {
    (void) env; (void) cls;
    int r = close(fd);
    return FAILED(r);
}

/* fcntl(fd, F_DUPFD_CLOEXEC, 0): a second descriptor of the same socket (the agent's hand-over). */
JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_dupCloexec(JNIEnv *env, jclass cls, jint fd) {
    (void) env; (void) cls;
    int r = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_bind(
        JNIEnv *env, jclass cls, jint fd, jlong address, jint length) {
    (void) env; (void) cls;
    int r = bind(fd, (const struct sockaddr *) PTR(address), (socklen_t) length);
    return FAILED(r);
}

JNIEXPORT jlong JNICALL Java_io_github_sockopt4j_internal_JniCalls_recvfrom(
        JNIEnv *env, jclass cls, jint fd, jlong buffer, jlong length, jint flags, jlong address, jlong addressLength) {
    (void) env; (void) cls;
    ssize_t r = recvfrom(fd, PTR(buffer), (size_t) length, flags, (struct sockaddr *) PTR(address),
                         (socklen_t *) PTR(addressLength));
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_epollCreate1(JNIEnv *env, jclass cls, jint flags) {
    (void) env; (void) cls;
    int r = epoll_create1(flags);
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_epollCtl(
        JNIEnv *env, jclass cls, jint epfd, jint op, jint fd, jlong event) {
    (void) env; (void) cls;
    int r = epoll_ctl(epfd, op, fd, (struct epoll_event *) PTR(event));
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_epollWait(
        JNIEnv *env, jclass cls, jint epfd, jlong events, jint max_events, jint timeout) {
    (void) env; (void) cls;
    int r = epoll_wait(epfd, (struct epoll_event *) PTR(events), max_events, timeout);
    return FAILED(r);
}

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_eventfd(
        JNIEnv *env, jclass cls, jint initial_value, jint flags) {
    (void) env; (void) cls;
    int r = eventfd((unsigned int) initial_value, flags);
    return FAILED(r);
}

JNIEXPORT jlong JNICALL Java_io_github_sockopt4j_internal_JniCalls_read(
        JNIEnv *env, jclass cls, jint fd, jlong buffer, jlong count) {
    (void) env; (void) cls;
    ssize_t r = read(fd, PTR(buffer), (size_t) count);
    return FAILED(r);
}

JNIEXPORT jlong JNICALL Java_io_github_sockopt4j_internal_JniCalls_write(
        JNIEnv *env, jclass cls, jint fd, jlong buffer, jlong count) {
    (void) env; (void) cls;
    ssize_t r = write(fd, PTR(buffer), (size_t) count);
    return FAILED(r);
}

/* The layout of io.github.sockopt4j.internal.QueueLook: C ints, then struct linger at 24. */
struct queue_look {
    int32_t unread, queued, unsent;
    uint32_t linger_length;
    int32_t failed_step, pad;
    struct linger linger;
};
_Static_assert(offsetof(struct queue_look, queued) == 4 && offsetof(struct queue_look, unsent) == 8
               && offsetof(struct queue_look, linger_length) == 12 && offsetof(struct queue_look, failed_step) == 16
               && offsetof(struct queue_look, linger) == 24 && sizeof(struct linger) == 8, "QueueLook's layout");

enum { LINGER_NEVER, LINGER_IF_NOTHING_UNREAD, LINGER_ALWAYS };

/* What a close reads before it decides, in one crossing instead of up to four: SIOCINQ, SIOCOUTQ,
 * SIOCOUTQNSD only when the send queue is not empty, SO_LINGER as linger_when asks. 0, or -errno of
 * the step recorded in failed_step (as QueueLook.run does it with separate calls). */
JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_queueLook(
        JNIEnv *env, jclass cls, jint fd, jlong out, jint linger_when) {
    (void) env; (void) cls;
    struct queue_look *q = PTR(out);
    q->failed_step = 0;
    if (ioctl(fd, SIOCINQ, &q->unread) == -1) {
        return -errno;
    }
    q->failed_step = 1;
    if (ioctl(fd, SIOCOUTQ, &q->queued) == -1) {
        return -errno;
    }
    q->unsent = 0;
    if (q->queued != 0) {
        q->failed_step = 2;
        if (ioctl(fd, SIOCOUTQNSD, &q->unsent) == -1) {
            return -errno;
        }
    }
    q->linger_length = 0;
    if (linger_when == LINGER_ALWAYS || (linger_when == LINGER_IF_NOTHING_UNREAD && q->unread == 0)) {
        q->failed_step = 3;
        socklen_t length = sizeof q->linger;
        if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &q->linger, &length) == -1) {
            return -errno;
        }
        q->linger_length = length;
    }
    return 0;
}

/* 0 when there is no such interface, as if_nametoindex(3); also 0 when the JVM is out of memory. */
JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_ifNameToIndex(
        JNIEnv *env, jclass cls, jstring name) {
    (void) cls;
    const char *chars = (*env)->GetStringUTFChars(env, name, NULL);
    if (chars == NULL) {
        return 0;
    }
    unsigned int index = if_nametoindex(chars);
    (*env)->ReleaseStringUTFChars(env, name, chars);
    return (jint) index;
}

JNIEXPORT jstring JNICALL Java_io_github_sockopt4j_internal_JniCalls_strerror(JNIEnv *env, jclass cls, jint errnum) {
    (void) cls;
    char text[256];
    /* The GNU strerror_r: thread-safe, returns the text (in text or a static string). */
    const char *message = strerror_r(errnum, text, sizeof text);
    return (*env)->NewStringUTF(env, message);
}

/* The address of a direct ByteBuffer's memory, or 0 when the buffer is not direct. */
JNIEXPORT jlong JNICALL Java_io_github_sockopt4j_internal_JniCalls_address(JNIEnv *env, jclass cls, jobject buffer) {
    (void) cls;
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}
