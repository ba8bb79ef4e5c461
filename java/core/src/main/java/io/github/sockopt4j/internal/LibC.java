package io.github.sockopt4j.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the C library: static natives bound once by {@link Native#register},
 * the fast form (pointers passed as {@code long} addresses of pre-allocated memory).
 */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {}

    static native int setsockopt(int fd, int level, int name, long value, int length);

    static native int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    static native int ioctl(int fd, long request, long argument);

    static native int shutdown(int fd, int how);

    static native int socket(int domain, int type, int protocol);

    static native int close(int fd);

    /** Variadic in C; an {@code int} third argument travels as a fixed one on x86-64 and aarch64 Linux. */
    static native int fcntl(int fd, int cmd, int arg);

    static native int bind(int fd, long address, int length);

    static native long recvfrom(int fd, long buffer, long length, int flags, long address, long addressLength);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, long event);

    static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

    static native int eventfd(int initialValue, int flags);

    static native long read(int fd, long buffer, long count);

    static native long write(int fd, long buffer, long count);

    static native int if_nametoindex(String name);

    static native Pointer strerror(int errno);
}
