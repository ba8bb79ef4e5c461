package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.KernelSupport;
import io.github.sockopt4j.internal.NativeOption;
import java.io.IOException;
import java.net.SocketOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link NativeSocket#isSupportedByKernel}: probed on scratch sockets, once per option. */
class KernelSupportTest {

    /** Linux 6.18 has every option of the catalogue (the newest, TCP_FASTOPEN_CONNECT, is 4.11). */
    @Test
    void theRunningKernelHasEveryOption() {
        for (SocketOption<?> option : TcpOptions.all()) {
            KernelSupport.Result r = KernelSupport.probe(NativeOption.of(option));
            assertTrue(r.supported(), option + ": " + r.detail());
            assertTrue(NativeSocket.isSupportedByKernel(option));
        }
    }

    /** On a cold cache (a prober of its own), so that every option really opens a scratch socket. */
    @Test
    void probesAreCachedAndLeakNoFd() throws IOException {
        KernelSupport cold = KernelSupport.withEmptyCache();
        long before = openFds();
        for (SocketOption<?> option : TcpOptions.all()) {
            NativeOption<?> o = NativeOption.of(option);
            KernelSupport.Result first = cold.answer(o);
            assertNotSame(KernelSupport.probe(o), first, option + ": answered from the shared cache, not probed");
            assertSame(first, cold.answer(o), option + " probed twice");
        }
        assertEquals(before, openFds(), "a scratch socket was left open");
    }

    @Test
    void ipv6OptionsAreProbedOnAnIpv6Socket() {
        assertEquals("getsockopt(IPV6_TCLASS) on an AF_INET6 socket works",
                KernelSupport.probe(NativeOption.of(TcpOptions.IPV6_TCLASS)).detail());
        assertEquals("getsockopt(TCP_CORK) on an AF_INET socket works",
                KernelSupport.probe(NativeOption.of(TcpOptions.TCP_CORK)).detail());
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
