package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.ConstantTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code TCP_INFO} decoded by the returned length, with values checked against what happened. */
class TcpInfoTest {

    @Test
    void theRunningKernelFillsExactlyTheFieldsItsVersionHas() throws IOException {
        int[] kernel = kernelVersion();
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_CLIENT.open()) {
            TcpInfo info = o.socket.tcpInfo();
            for (TcpInfoField f : TcpInfoField.values()) {
                assertEquals(atLeast(kernel, f.sinceKernel()), info.has(f),
                        f.cName() + " (Linux " + f.sinceKernel() + "+) with " + info.length() + " bytes returned");
            }
            if (atLeast(kernel, "6.18")) {
                assertEquals(280, info.length(), "Linux 6.18 returns 280 bytes (measured)");
            }
        }
    }

    @Test
    void valuesMatchATransfer() throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_CLIENT.open()) {
            int n = 10_000;
            o.channel.write(ByteBuffer.allocate(n));
            ByteBuffer in = ByteBuffer.allocate(n);
            while (in.hasRemaining() && o.peer.read(in) >= 0) {
                // blocking reads until all n bytes are in
            }
            TcpInfo client = awaitAcked(o.socket, n + 1L); // bytes_acked counts our SYN
            TcpInfo server = NativeSocket.of(o.peer).tcpInfo();
            assertEquals(TcpState.ESTABLISHED, client.state());
            assertEquals(OptionalLong.of(n), client.bytesSent());
            assertEquals(OptionalLong.of(n), server.bytesReceived());
            assertEquals(0, client.unacked());
            assertEquals(OptionalLong.of(0), client.notsentBytes());
            assertEquals(OptionalLong.of(0), client.totalRto(), "no retransmission timeout on loopback");
            assertEquals(Optional.of(Duration.ZERO), client.totalRtoTime());
            assertTrue(client.rcvWnd().orElseThrow() > 0, "our advertised window: " + client);
            assertTrue(client.sndWnd().orElseThrow() > 0, "the peer's window: " + client);
            assertTrue(client.rtt().compareTo(Duration.ZERO) > 0 && client.rtt().compareTo(Duration.ofSeconds(1)) < 0);
            assertTrue(client.sndMss() > 0 && client.pmtu() > client.sndMss());
            assertEquals(client.sndMss(), o.socket.get(TcpOptions.TCP_MAXSEG), "TCP_MAXSEG reads the MSS in use");
        }
    }

    @Test
    void aListenerReportsItsAcceptQueue() throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_LISTENING.open();
             SocketChannel waiting = SocketChannel.open(o.server.getLocalAddress())) {
            assertTrue(waiting.isConnected(), "the kernel completed the handshake before accept");
            TcpInfo info = o.socket.tcpInfo();
            assertEquals(TcpState.LISTEN, info.state());
            assertEquals(1, info.unacked(), "one connection waits in the accept queue");
        }
    }

    @Test
    void statesFollowAHalfClose() throws Exception {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV6_CLIENT.open()) {
            o.channel.shutdownOutput();
            NativeSocket server = NativeSocket.of(o.peer);
            assertEquals(TcpState.FIN_WAIT2, awaitState(o.socket, TcpState.FIN_WAIT2));
            assertEquals(TcpState.CLOSE_WAIT, awaitState(server, TcpState.CLOSE_WAIT));
        }
    }

    /** Fields beyond a shorter reply are absent, not 0: fed the kernel's own bytes, cut short. */
    @Test
    void fieldsBeyondTheReturnedLengthAreAbsent() throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_CLIENT.open()) {
            byte[] raw = o.socket.getRaw(ConstantTable.get("IPPROTO_TCP"), ConstantTable.get("TCP_INFO"), 512);
            int headersLength = ConstantTable.get("OFFSETOF_TCP_INFO_TCPI_SND_WND") + Integer.BYTES; // 232
            TcpInfo full = decode(raw, raw.length);
            TcpInfo asOldKernel = decode(raw, headersLength);
            assertEquals(headersLength, asOldKernel.length());
            assertTrue(asOldKernel.has(TcpInfoField.SND_WND));
            assertEquals(full.sndWnd(), asOldKernel.sndWnd());
            assertFalse(asOldKernel.has(TcpInfoField.RCV_WND));
            assertEquals(OptionalLong.empty(), asOldKernel.rcvWnd());
            assertEquals(Optional.empty(), asOldKernel.totalRtoTime());
            NoSuchElementException e = assertThrows(NoSuchElementException.class,
                    () -> asOldKernel.get(TcpInfoField.TOTAL_RTO));
            assertEquals("tcpi_total_rto is absent: the kernel returned 232 bytes of tcp_info; the field needs"
                    + " Linux 6.7+", e.getMessage());

            int baseLength = ConstantTable.get("OFFSETOF_TCP_INFO_TCPI_PACING_RATE"); // 104: Linux 2.6 to 3.14
            TcpInfo asLinux26 = decode(raw, baseLength);
            assertEquals(full.state(), asLinux26.state());
            assertEquals(full.rtt(), asLinux26.rtt());
            assertEquals(OptionalLong.empty(), asLinux26.pacingRate());
            assertEquals(Optional.empty(), asLinux26.minRtt());
        }
    }

    private static TcpInfo decode(byte[] raw, int length) {
        return new TcpInfo(raw.clone(), length);
    }

    private static TcpInfo awaitAcked(NativeSocket s, long bytes) throws IOException {
        TcpInfo info = s.tcpInfo();
        for (int i = 0; i < 10_000 && info.bytesAcked().orElseThrow() < bytes; i++) { // loopback: microseconds
            Thread.onSpinWait();
            info = s.tcpInfo();
        }
        assertEquals(bytes, info.bytesAcked().orElseThrow());
        return info;
    }

    private static TcpState awaitState(NativeSocket s, TcpState wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // the peer's ACK may be delayed ~40 ms
        TcpState state = s.tcpInfo().state();
        while (state != wanted && System.nanoTime() < deadline) {
            Thread.sleep(1);
            state = s.tcpInfo().state();
        }
        return state;
    }

    private static int[] kernelVersion() throws IOException {
        String release = Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).get(0);
        String[] parts = release.split("[.-]");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private static boolean atLeast(int[] kernel, String version) {
        String[] v = version.split("\\.");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        return kernel[0] > major || (kernel[0] == major && kernel[1] >= minor);
    }
}
