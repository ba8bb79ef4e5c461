package io.github.sockopt4j.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The floor for any JNA route: a bare direct-mapped {@code setsockopt} with a pre-allocated
 * buffer, no checks and no locking. Written here, outside the library, as the benchmarks' peer.
 */
final class JnaDirectBaseline {
    static {
        Native.register(JnaDirectBaseline.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    static native int setsockopt(int fd, int level, int name, long value, int length);

    private final Memory value = new Memory(4);
    private final long address = Memory.nativeValue(value);

    int set(int fd, int level, int name, int v) {
        value.setInt(0, v);
        return setsockopt(fd, level, name, address, 4);
    }
}
