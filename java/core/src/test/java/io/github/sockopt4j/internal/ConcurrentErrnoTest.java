package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads making failing calls at once each read their own call's errno, never another's.
 * Virtual threads where the JDK has them (21+), since the FFM backend shares errno segments
 * between threads.
 */
class ConcurrentErrnoTest {
    private static final NativeBackend NATIVE = Backends.current();
    private static final int TASKS = 64;
    private static final int CALLS = 2_000;

    @Test
    void eachFailingCallReportsItsOwnErrno() throws Exception {
        int ebadf = Errno.value("EBADF");
        int enoprotoopt = Errno.value("ENOPROTOOPT");
        int enotconn = Errno.value("ENOTCONN");
        int fd = NATIVE.socket(ConstantTable.get("AF_INET"), ConstantTable.get("SOCK_STREAM"), 0);
        assertTrue(fd >= 0, "socket(): " + fd);
        NativeBuffer value = NATIVE.allocate(4);
        int tcp = ConstantTable.get("IPPROTO_TCP");
        ExecutorService threads = threads();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < TASKS; t++) {
                int kind = t % 3;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < CALLS; i++) {
                        switch (kind) {
                            case 0 -> assertEquals(-ebadf, NATIVE.setsockopt(-1, tcp, 1, value.address(), 4));
                            case 1 -> assertEquals(-enoprotoopt, NATIVE.setsockopt(fd, tcp, 9999, value.address(), 4));
                            default -> assertEquals(-enotconn, NATIVE.shutdown(fd, 1));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            assertEquals(0, NATIVE.close(fd));
        }
    }

    /** A virtual thread per task on JDK 21+ (found reflectively: this code compiles for 17). */
    private static ExecutorService threads() throws ReflectiveOperationException {
        if (Runtime.version().feature() >= 21) {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        }
        return Executors.newFixedThreadPool(16);
    }
}
