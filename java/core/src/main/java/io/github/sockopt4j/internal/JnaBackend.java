package io.github.sockopt4j.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.Objects;

/** The JNA backend: direct mapping, errno read from JNA's per-thread copy only after a failure. */
final class JnaBackend implements NativeBackend {
    private static final int F_DUPFD_CLOEXEC = ConstantTable.get("F_DUPFD_CLOEXEC");

    @Override
    public String name() {
        return "jna";
    }

    @Override
    public NativeBuffer allocate(int size) {
        return new JnaBuffer(size);
    }

    private static int result(int r) {
        return r == -1 ? -Native.getLastError() : r;
    }

    private static long result(long r) {
        return r == -1 ? -Native.getLastError() : r;
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int length) {
        return result(LibC.setsockopt(fd, level, name, value, length));
    }

    @Override
    public int getsockopt(int fd, int level, int name, long value, long lengthAddress) {
        return result(LibC.getsockopt(fd, level, name, value, lengthAddress));
    }

    @Override
    public int ioctl(int fd, long request, long argument) {
        return result(LibC.ioctl(fd, request, argument));
    }

    @Override
    public int shutdown(int fd, int how) {
        return result(LibC.shutdown(fd, how));
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return result(LibC.socket(domain, type, protocol));
    }

    @Override
    public int close(int fd) {
        return result(LibC.close(fd));
    }

    @Override
    public int dupCloexec(int fd) {
        return result(LibC.fcntl(fd, F_DUPFD_CLOEXEC, 0));
    }

    @Override
    public int bind(int fd, long address, int length) {
        return result(LibC.bind(fd, address, length));
    }

    @Override
    public long recvfrom(int fd, long buffer, long length, int flags, long address, long addressLength) {
        return result(LibC.recvfrom(fd, buffer, length, flags, address, addressLength));
    }

    @Override
    public int epollCreate1(int flags) {
        return result(LibC.epoll_create1(flags));
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        return result(LibC.epoll_ctl(epfd, op, fd, event));
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        return result(LibC.epoll_wait(epfd, events, maxEvents, timeoutMillis));
    }

    @Override
    public int eventfd(int initialValue, int flags) {
        return result(LibC.eventfd(initialValue, flags));
    }

    @Override
    public long read(int fd, long buffer, long count) {
        return result(LibC.read(fd, buffer, count));
    }

    @Override
    public long write(int fd, long buffer, long count) {
        return result(LibC.write(fd, buffer, count));
    }

    @Override
    public int ifNameToIndex(String name) {
        return LibC.if_nametoindex(name);
    }

    @Override
    public String strerror(int errno) {
        return LibC.strerror(errno).getString(0);
    }

    /** JNA {@link Memory}; its bounds checks (and ours for {@code clear}) keep every access inside the allocation. */
    private static final class JnaBuffer implements NativeBuffer {
        private final Memory memory;
        private final long address;

        JnaBuffer(int size) {
            memory = new Memory(size);
            memory.clear();
            address = Memory.nativeValue(memory);
        }

        @Override public long address() { return address; }
        @Override public int size() { return (int) memory.size(); }
        @Override public int getInt(int offset) { return memory.getInt(offset); }
        @Override public void putInt(int offset, int value) { memory.setInt(offset, value); }
        @Override public long getLong(int offset) { return memory.getLong(offset); }
        @Override public void putLong(int offset, long value) { memory.setLong(offset, value); }
        @Override public byte getByte(int offset) { return memory.getByte(offset); }

        @Override
        public void read(int offset, byte[] dst, int dstOffset, int length) {
            memory.read(offset, dst, dstOffset, length);
        }

        @Override
        public void write(int offset, byte[] src, int srcOffset, int length) {
            memory.write(offset, src, srcOffset, length);
        }

        @Override
        public void clear(int offset, int length) {
            Objects.checkFromIndexSize(offset, length, size()); // setMemory, unlike the rest, does not check
            memory.setMemory(offset, length, (byte) 0);
        }
    }
}
