package io.github.sockopt4j.internal;

import java.nio.ByteBuffer;

/**
 * The natives of sockopt4j's own JNI library ({@code native/jni/sockopt4j_jni.c}): each one the
 * C call of the same name and nothing else, failures returned as {@code -errno}. Callable once
 * {@link JniLibrary#load} has succeeded (the JVM links a native at its first call).
 */
final class JniCalls {
    /** The library's {@code SOCKOPT4J_JNI_ABI}: a library built from other sources is refused. */
    static final int ABI = 6;

    private JniCalls() {}

    static native int abi();

    static native int setsockopt(int fd, int level, int name, long value, int length);

    static native int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    static native int setsockoptInt(int fd, int level, int name, int value);

    static native long getsockoptInt(int fd, int level, int name);

    static native int ioctl(int fd, long request, long argument);

    static native int shutdown(int fd, int how);

    static native int socket(int domain, int type, int protocol);

    static native int close(int fd);

    static native int dupCloexec(int fd);

    static native int bind(int fd, long address, int length);

    static native long recvfrom(int fd, long buffer, long length, int flags, long address, long addressLength);

    /** See {@link QueueLook}: the look's syscalls, results at {@code out} in its layout. */
    static native int queueLook(int fd, long out, int lingerWhen);

    static native int epollCreate1(int flags);

    static native int epollCtl(int epfd, int op, int fd, long event);

    static native int epollWait(int epfd, long events, int maxEvents, int timeoutMillis);

    static native int eventfd(int initialValue, int flags);

    static native long read(int fd, long buffer, long count);

    static native long write(int fd, long buffer, long count);

    static native int ifNameToIndex(String name);

    static native String strerror(int errno);

    /** The address of a direct buffer's memory. */
    static native long address(ByteBuffer direct);
}
