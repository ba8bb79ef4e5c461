package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sockopt4j.internal.ConstantTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The kernel-internal limits in the constant table (which the probe cannot read from headers)
 * agree with the running kernel: at the limit {@code setsockopt} works, one past it fails with
 * {@code EINVAL}. Raw calls, so that Java validation does not stand in the way.
 */
class KernelLimitsTest {

    @Test
    void tcpLimitsAreTheKernels() throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_UNCONNECTED.open()) {
            edge(o.socket, "TCP_KEEPIDLE", "MAX_TCP_KEEPIDLE");
            edge(o.socket, "TCP_KEEPINTVL", "MAX_TCP_KEEPINTVL");
            edge(o.socket, "TCP_KEEPCNT", "MAX_TCP_KEEPCNT");
            edge(o.socket, "TCP_SYNCNT", "MAX_TCP_SYNCNT");
            edge(o.socket, "TCP_MAXSEG", "MAX_TCP_WINDOW");
            int minMss = ConstantTable.get("TCP_MIN_MSS");
            setInt(o.socket, "TCP_MAXSEG", minMss);
            NativeSocketException e = assertThrows(NativeSocketException.class,
                    () -> setInt(o.socket, "TCP_MAXSEG", minMss - 1));
            assertEquals("EINVAL", e.errnoName());
        }
    }

    /** TCP_LINGER2 above the maximum is clamped, not refused: it reads back as the maximum. */
    @Test
    void finTimeoutMaximumIsTheKernels() throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_UNCONNECTED.open()) {
            int max = ConstantTable.get("TCP_FIN_TIMEOUT_MAX_SECONDS");
            setInt(o.socket, "TCP_LINGER2", max + 1);
            assertEquals(Duration.ofSeconds(max), o.socket.get(TcpOptions.TCP_LINGER2));
        }
    }

    /** getsockopt(TCP_CONGESTION) copies the kernel's whole name array: TCP_CA_NAME_MAX bytes. */
    @Test
    void congestionNameArrayIsTheKernels() throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_UNCONNECTED.open()) {
            byte[] name = o.socket.getRaw(ConstantTable.get("IPPROTO_TCP"), ConstantTable.get("TCP_CONGESTION"), 64);
            assertEquals(ConstantTable.get("TCP_CA_NAME_MAX"), name.length);
            o.socket.set(TcpOptions.TCP_CONGESTION, "reno");
            byte[] reno = o.socket.getRaw(ConstantTable.get("IPPROTO_TCP"), ConstantTable.get("TCP_CONGESTION"), 4);
            assertArrayEquals("reno".getBytes(java.nio.charset.StandardCharsets.US_ASCII), reno);
        }
    }

    private static void edge(NativeSocket s, String option, String limit) throws IOException {
        int max = ConstantTable.get(limit);
        setInt(s, option, max);
        NativeSocketException e = assertThrows(NativeSocketException.class, () -> setInt(s, option, max + 1));
        assertEquals("EINVAL", e.errnoName(), option + " = " + limit + " + 1");
    }

    private static void setInt(NativeSocket s, String option, int value) throws IOException {
        byte[] bytes = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(value).array();
        s.setRaw(ConstantTable.get("IPPROTO_TCP"), ConstantTable.get(option), bytes);
    }
}
