package io.github.sockopt4j.internal;

import static io.github.sockopt4j.internal.LibCDowncalls.unchecked;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The FFM backend (JDK 22+): {@link LibCDowncalls}, whose handles capture errno into a reused
 * segment and read it only after a failure; nothing is allocated per call. Thread-safe.
 */
final class FfmBackend implements NativeBackend {
    private static final int F_DUPFD_CLOEXEC = ConstantTable.get("F_DUPFD_CLOEXEC");
    /** strerror's texts are short; the bound keeps a bad pointer from being scanned forever. */
    private static final long MAX_STRERROR = 4096;

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    public NativeBuffer allocate(int size) {
        return new FfmBuffer(size);
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int length) {
        try {
            return (int) LibCDowncalls.SETSOCKOPT.invokeExact(fd, level, name, value, length);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int getsockopt(int fd, int level, int name, long value, long lengthAddress) {
        try {
            return (int) LibCDowncalls.GETSOCKOPT.invokeExact(fd, level, name, value, lengthAddress);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int ioctl(int fd, long request, long argument) {
        try {
            return (int) LibCDowncalls.IOCTL.invokeExact(fd, request, argument);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int shutdown(int fd, int how) {
        try {
            return (int) LibCDowncalls.SHUTDOWN.invokeExact(fd, how);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        try {
            return (int) LibCDowncalls.SOCKET.invokeExact(domain, type, protocol);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int close(int fd) {
        try {
            return (int) LibCDowncalls.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int dupCloexec(int fd) {
        try {
            return (int) LibCDowncalls.FCNTL.invokeExact(fd, F_DUPFD_CLOEXEC, 0);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int bind(int fd, long address, int length) {
        try {
            return (int) LibCDowncalls.BIND.invokeExact(fd, address, length);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long recvfrom(int fd, long buffer, long length, int flags, long address, long addressLength) {
        try {
            return (long) LibCDowncalls.RECVFROM.invokeExact(fd, buffer, length, flags, address, addressLength);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int epollCreate1(int flags) {
        try {
            return (int) LibCDowncalls.EPOLL_CREATE1.invokeExact(flags);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        try {
            return (int) LibCDowncalls.EPOLL_CTL.invokeExact(epfd, op, fd, event);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        try {
            return (int) LibCDowncalls.EPOLL_WAIT.invokeExact(epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int eventfd(int initialValue, int flags) {
        try {
            return (int) LibCDowncalls.EVENTFD.invokeExact(initialValue, flags);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long read(int fd, long buffer, long count) {
        try {
            return (long) LibCDowncalls.READ.invokeExact(fd, buffer, count);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public long write(int fd, long buffer, long count) {
        try {
            return (long) LibCDowncalls.WRITE.invokeExact(fd, buffer, count);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public int ifNameToIndex(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) LibCDowncalls.IF_NAMETOINDEX.invokeExact(arena.allocateFrom(name));
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    @SuppressWarnings("restricted") // strerror returns a C string of unknown length: bounded by MAX_STRERROR
    public String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) LibCDowncalls.STRERROR.invokeExact(errno);
            return text.reinterpret(MAX_STRERROR).getString(0);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }
}
