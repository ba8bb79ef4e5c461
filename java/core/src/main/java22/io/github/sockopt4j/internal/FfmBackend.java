package io.github.sockopt4j.internal;

import static io.github.sockopt4j.internal.LibCDowncalls.unchecked;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The FFM backend (JDK 22+): {@link LibCDowncalls} with errno captured into a reused segment and
 * read only after a failure. Each method claims a capture-state segment, makes the call, and
 * gives the segment back; nothing is allocated per call. Thread-safe.
 */
final class FfmBackend implements NativeBackend {
    private static final CallStates STATES = new CallStates();
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

    private static int result(int r, MemorySegment state) {
        return r == -1 ? -CallStates.errno(state) : r;
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int length) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.SETSOCKOPT.invokeExact(state, fd, level, name, value, length), state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public int getsockopt(int fd, int level, int name, long value, long lengthAddress) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.GETSOCKOPT.invokeExact(state, fd, level, name, value, lengthAddress),
                    state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public int ioctl(int fd, long request, long argument) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.IOCTL.invokeExact(state, fd, request, argument), state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public int shutdown(int fd, int how) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.SHUTDOWN.invokeExact(state, fd, how), state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public int poll(long fds, int count, int timeoutMillis) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.POLL.invokeExact(state, fds, (long) count, timeoutMillis), state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.SOCKET.invokeExact(state, domain, type, protocol), state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public int close(int fd) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.CLOSE.invokeExact(state, fd), state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public int bind(int fd, long address, int length) {
        MemorySegment state = STATES.acquire();
        try {
            return result((int) LibCDowncalls.BIND.invokeExact(state, fd, address, length), state);
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
        }
    }

    @Override
    public long recvfrom(int fd, long buffer, long length, int flags, long address, long addressLength) {
        MemorySegment state = STATES.acquire();
        try {
            long r = (long) LibCDowncalls.RECVFROM.invokeExact(state, fd, buffer, length, flags, address,
                    addressLength);
            return r == -1 ? -CallStates.errno(state) : r;
        } catch (Throwable t) {
            throw unchecked(t);
        } finally {
            STATES.release(state);
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
