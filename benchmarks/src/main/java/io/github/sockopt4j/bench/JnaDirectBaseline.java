package io.github.sockopt4j.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The floor for any JNA route: bare direct-mapped calls with a pre-allocated buffer, no checks
 * and no locking. Written here, outside the library, as the benchmarks' JNA peer.
 */
final class JnaDirectBaseline {
    static {
        Native.register(JnaDirectBaseline.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    static native int setsockopt(int fd, int level, int name, long value, int length);

    static native int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    static native int ioctl(int fd, long request, long argument);

    private final Memory memory = new Memory(8 + 512);
    private final long length = Memory.nativeValue(memory);
    private final long value = length + 8;

    int set(int fd, int level, int name, int v) {
        memory.setInt(8, v);
        return setsockopt(fd, level, name, value, 4);
    }

    int get(int fd, int level, int name) {
        memory.setInt(0, 4);
        getsockopt(fd, level, name, value, length);
        return memory.getInt(8);
    }

    int ioctlInt(int fd, long request) {
        ioctl(fd, request, value);
        return memory.getInt(8);
    }
}
