/*
 * sockopt4j_jni.c - the JNI backend: the C library calls of io.github.sockopt4j.internal.NativeBackend,
 * bound as the static natives of io.github.sockopt4j.internal.JniCalls.
 *
 * Each call is the syscall and nothing else: pointers arrive as addresses (jlong) of memory the Java
 * side allocated once, a failure comes back as -errno (errno read right after the call, on the same
 * thread), and nothing is allocated. Only ifNameToIndex and strerror, used at setup and for error
 * messages, touch Java objects.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Raised whenever a native's signature or meaning changes: the Java side refuses a stale library. */
#define SOCKOPT4J_JNI_ABI 1

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

JNIEXPORT jint JNICALL Java_io_github_sockopt4j_internal_JniCalls_poll(
        JNIEnv *env, jclass cls, jlong fds, jint count, jint timeout) {
    (void) env; (void) cls;
    int r = poll((struct pollfd *) PTR(fds), (nfds_t) count, timeout);
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
    return r == -1 ? -errno : (jlong) r;
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
