package io.github.sockopt4j.internal;

/**
 * The syscalls sockopt4j makes, behind one small interface so that the backends (sockopt4j's own
 * JNI library, JNA, Java's FFM API) are interchangeable without touching the public API.
 *
 * <p>Every call returns what the C function returns, except that a failure ({@code -1}) is
 * returned as {@code -errno}: errno is read only when a call failed. Pointers are raw addresses
 * of memory from {@link #allocate(int)}; no call allocates. Only {@link #epollWait} blocks, on the
 * lingering closer's own thread.
 */
public interface NativeBackend {

    /** The name shown in reports: {@code jni}, {@code jna} or {@code ffm}. */
    String name();

    /** Zeroed native memory of {@code size} bytes, freed when the buffer is unreachable. */
    NativeBuffer allocate(int size);

    int setsockopt(int fd, int level, int name, long value, int length);

    /** {@code lengthAddress} points to a {@code socklen_t} holding the capacity, then the length. */
    int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    int ioctl(int fd, long request, long argument);

    int shutdown(int fd, int how);

    /** Only for scratch sockets sockopt4j creates and closes itself (capability probes). */
    int socket(int domain, int type, int protocol);

    /** Only for scratch sockets sockopt4j created itself; never for a JDK-owned fd. */
    int close(int fd);

    /**
     * {@code fcntl(fd, F_DUPFD_CLOEXEC, 0)}: a second descriptor of the same socket, owned by the
     * caller, who must close it with {@link #close}. Only on an fd whose owner's close lock is held
     * and which is not closing (the agent's hand-over of a JDK socket being closed).
     */
    int dupCloexec(int fd);

    /** Only for the reproductions' packet capture socket, which sockopt4j creates itself. */
    int bind(int fd, long address, int length);

    /**
     * Always with {@code MSG_DONTWAIT}, so it never blocks: the reproductions' packet capture
     * socket, and the lingering drain's discarding reads ({@code MSG_TRUNC}, buffer and address
     * 0). {@code addressLengthAddress} points to a {@code socklen_t}, as in C.
     */
    long recvfrom(int fd, long buffer, long length, int flags, long address, long addressLengthAddress);

    /**
     * Whether {@link #setsockoptInt} and {@link #getsockoptInt} are calls of their own, which
     * pass an {@code int} option's value without memory; otherwise they are not implemented and
     * {@link #setsockopt}/{@link #getsockopt} serve.
     */
    default boolean hasIntCalls() {
        return false;
    }

    /** {@code setsockopt} of one {@code int}; only where {@link #hasIntCalls}. */
    default int setsockoptInt(int fd, int level, int name, int value) {
        throw new UnsupportedOperationException(name() + " has no int calls");
    }

    /**
     * {@code getsockopt} of one {@code int}, only where {@link #hasIntCalls}: the length the
     * kernel returned in the high 32 bits and the {@code int} in the low ones, or {@code -errno}.
     */
    default long getsockoptInt(int fd, int level, int name) {
        throw new UnsupportedOperationException(name() + " has no int calls");
    }

    /** {@code epoll_create1(2)}. */
    int epollCreate1(int flags);

    /** {@code epoll_ctl(2)}; {@code event} is the address of a {@code struct epoll_event} (0 for a delete). */
    int epollCtl(int epfd, int op, int fd, long event);

    /** {@code epoll_wait(2)} into {@code maxEvents} {@code struct epoll_event}s at {@code events}. */
    int epollWait(int epfd, long events, int maxEvents, int timeoutMillis);

    /** {@code eventfd(2)}. */
    int eventfd(int initialValue, int flags);

    /** {@code read(2)}. */
    long read(int fd, long buffer, long count);

    /** {@code write(2)}. */
    long write(int fd, long buffer, long count);

    /**
     * The {@link QueueLook} of a close into {@code buffer} at {@code offset}: in one native call
     * where the backend has one, else as separate calls.
     *
     * @param lingerWhen {@link QueueLook#LINGER_NEVER}, {@link QueueLook#LINGER_IF_NOTHING_UNREAD}
     *     or {@link QueueLook#LINGER_ALWAYS}
     * @return 0, or {@code -errno} of the step written at {@link QueueLook#FAILED_STEP}
     */
    default int queueLook(int fd, NativeBuffer buffer, int offset, int lingerWhen) {
        return QueueLook.run(this, fd, buffer, offset, lingerWhen);
    }

    /** {@code if_nametoindex(3)}: 0 when there is no such interface. */
    int ifNameToIndex(String name);

    /** The C library's text for {@code errno}, e.g. "Protocol not available". */
    String strerror(int errno);
}
