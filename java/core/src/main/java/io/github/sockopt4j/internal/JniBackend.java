package io.github.sockopt4j.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The JNI backend: sockopt4j's own small C library ({@link JniCalls}), for JDK 17–21 where FFM is
 * not final and JNA's generic call path costs more than the syscall. Buffers are direct
 * {@link ByteBuffer}s, whose memory the GC frees; the calls take their addresses.
 */
final class JniBackend implements NativeBackend {

    /** Loads the library now: {@link UnsatisfiedLinkError} saying why when it cannot be. */
    JniBackend() {
        JniLibrary.load();
    }

    @Override
    public String name() {
        return "jni";
    }

    @Override
    public NativeBuffer allocate(int size) {
        return new JniBuffer(size);
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int length) {
        return JniCalls.setsockopt(fd, level, name, value, length);
    }

    @Override
    public int getsockopt(int fd, int level, int name, long value, long lengthAddress) {
        return JniCalls.getsockopt(fd, level, name, value, lengthAddress);
    }

    @Override
    public boolean hasIntCalls() {
        return true;
    }

    @Override
    public int setsockoptInt(int fd, int level, int name, int value) {
        return JniCalls.setsockoptInt(fd, level, name, value);
    }

    @Override
    public long getsockoptInt(int fd, int level, int name) {
        return JniCalls.getsockoptInt(fd, level, name);
    }

    @Override
    public int ioctl(int fd, long request, long argument) {
        return JniCalls.ioctl(fd, request, argument);
    }

    @Override
    public int shutdown(int fd, int how) {
        return JniCalls.shutdown(fd, how);
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return JniCalls.socket(domain, type, protocol);
    }

    @Override
    public int close(int fd) {
        return JniCalls.close(fd);
    }

    @Override
    public int dupCloexec(int fd) {
        return JniCalls.dupCloexec(fd);
    }

    @Override
    public int bind(int fd, long address, int length) {
        return JniCalls.bind(fd, address, length);
    }

    @Override
    public long recvfrom(int fd, long buffer, long length, int flags, long address, long addressLength) {
        return JniCalls.recvfrom(fd, buffer, length, flags, address, addressLength);
    }

    @Override
    public int epollCreate1(int flags) {
        return JniCalls.epollCreate1(flags);
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        return JniCalls.epollCtl(epfd, op, fd, event);
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        return JniCalls.epollWait(epfd, events, maxEvents, timeoutMillis);
    }

    @Override
    public int eventfd(int initialValue, int flags) {
        return JniCalls.eventfd(initialValue, flags);
    }

    @Override
    public long read(int fd, long buffer, long count) {
        return JniCalls.read(fd, buffer, count);
    }

    @Override
    public long write(int fd, long buffer, long count) {
        return JniCalls.write(fd, buffer, count);
    }

    @Override
    public int queueLook(int fd, NativeBuffer buffer, int offset, int lingerWhen) {
        Objects.checkFromIndexSize(offset, QueueLook.SIZE, buffer.size());
        return JniCalls.queueLook(fd, buffer.address() + offset, lingerWhen);
    }

    @Override
    public int ifNameToIndex(String name) {
        return JniCalls.ifNameToIndex(Objects.requireNonNull(name, "name"));
    }

    @Override
    public String strerror(int errno) {
        return JniCalls.strerror(errno);
    }

    /** A direct buffer in native byte order; its absolute accessors check every access against the size. */
    private static final class JniBuffer implements NativeBuffer {
        private final ByteBuffer memory;
        private final long address;

        /** Zeroed, as direct buffers are. */
        JniBuffer(int size) {
            memory = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
            address = JniCalls.address(memory);
        }

        @Override public long address() { return address; }
        @Override public int size() { return memory.capacity(); }
        @Override public int getInt(int offset) { return memory.getInt(offset); }
        @Override public void putInt(int offset, int value) { memory.putInt(offset, value); }
        @Override public long getLong(int offset) { return memory.getLong(offset); }
        @Override public void putLong(int offset, long value) { memory.putLong(offset, value); }
        @Override public byte getByte(int offset) { return memory.get(offset); }

        @Override
        public void read(int offset, byte[] dst, int dstOffset, int length) {
            memory.get(offset, dst, dstOffset, length);
        }

        @Override
        public void write(int offset, byte[] src, int srcOffset, int length) {
            memory.put(offset, src, srcOffset, length);
        }

        @Override
        public void clear(int offset, int length) {
            Objects.checkFromIndexSize(offset, length, size());
            for (int i = 0; i < length; i++) {
                memory.put(offset + i, (byte) 0);
            }
        }
    }
}
