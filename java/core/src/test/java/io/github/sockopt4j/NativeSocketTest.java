package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The first slice of NativeSocket, on real loopback sockets: values read back, and their effects. */
class NativeSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void booleanOptionsRoundTripOnEveryKindOfJdkSocket() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open();
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            NativeSocket[] views = {
                NativeSocket.of(p.peer), NativeSocket.of(p.channel), NativeSocket.of(p.peer.socket()),
                NativeSocket.of(client), NativeSocket.of(accepted),
            };
            for (NativeSocket s : views) {
                for (boolean v : new boolean[] {true, false}) {
                    s.set(TcpOptions.TCP_NODELAY, v);
                    assertEquals(v, s.get(TcpOptions.TCP_NODELAY), s.toString());
                    s.set(TcpOptions.TCP_CORK, v);
                    assertEquals(v, s.get(TcpOptions.TCP_CORK), s.toString());
                }
            }
            // An independent reader (the JDK) sees what sockopt4j set, on the same socket.
            NativeSocket.of(accepted).set(TcpOptions.TCP_NODELAY, true);
            assertTrue(accepted.getOption(StandardSocketOptions.TCP_NODELAY));
            NativeSocket.of(p.peer.socket()).set(TcpOptions.TCP_NODELAY, true);
            assertTrue(p.peer.getOption(StandardSocketOptions.TCP_NODELAY));
        }
    }

    /** getInt is get without the box: the kernel's value for ours, the JDK's for the JDK's, the same refusals. */
    @Test
    void getIntAnswersAsGetDoes() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = p.socket;
            s.set(TcpOptions.SO_RCVBUF, 65536);
            int kernel = s.getInt(TcpOptions.SO_RCVBUF);
            assertEquals(131072, kernel, "Linux stores twice the size it is given (socket(7))");
            assertEquals(kernel, s.get(TcpOptions.SO_RCVBUF));
            assertEquals(65536, s.getInt(StandardSocketOptions.SO_RCVBUF), "the JDK halves the kernel's value");
            UnsupportedOperationException ipv6 = assertThrows(UnsupportedOperationException.class,
                    () -> s.getInt(TcpOptions.IPV6_UNICAST_HOPS));
            assertEquals(assertThrows(UnsupportedOperationException.class,
                    () -> s.get(TcpOptions.IPV6_UNICAST_HOPS)).getMessage(), ipv6.getMessage());
            p.channel.close();
            assertThrows(ClosedChannelException.class, () -> s.getInt(TcpOptions.SO_RCVBUF));
        }
    }

    /**
     * A fresh connection is in quick-ack mode already, so reading {@code true} proves nothing:
     * switch it off first (delayed-ACK mode, which lasts on an idle connection), then on again.
     */
    @Test
    void quickAckIsReadBackAfterBeingSet() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = NativeSocket.of(p.channel);
            s.set(TcpOptions.TCP_QUICKACK, false);
            assertFalse(s.get(TcpOptions.TCP_QUICKACK), "delayed-ACK mode after setting false");
            s.set(TcpOptions.TCP_QUICKACK, true);
            assertTrue(s.get(TcpOptions.TCP_QUICKACK), "quick-ack mode after setting true");
        }
    }

    @Test
    void userTimeoutRoundTripsAndInvalidValuesNeverReachTheKernel() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = NativeSocket.of(p.peer);
            s.set(TcpOptions.TCP_USER_TIMEOUT, Duration.ofMillis(1500));
            assertEquals(Duration.ofMillis(1500), s.get(TcpOptions.TCP_USER_TIMEOUT));
            for (Duration bad : new Duration[] {Duration.ofMillis(-1), Duration.ofNanos(1_500_000),
                    Duration.ofMillis(Integer.MAX_VALUE + 1L)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> s.set(TcpOptions.TCP_USER_TIMEOUT, bad));
                assertTrue(e.getMessage().startsWith("TCP_USER_TIMEOUT = " + bad), e.getMessage());
                assertTrue(e.getMessage().contains("PT0S") && e.getMessage().contains("millis"), e.getMessage());
            }
            assertEquals(Duration.ofMillis(1500), s.get(TcpOptions.TCP_USER_TIMEOUT), "unchanged");
            assertThrows(IllegalArgumentException.class, () -> s.set(TcpOptions.TCP_NODELAY, null));
        }
    }

    @Test
    void reusePortLetsTwoListenersShareAPort() throws Exception {
        try (ServerSocketChannel first = ServerSocketChannel.open();
             ServerSocket second = new ServerSocket();
             ServerSocket third = new ServerSocket()) {
            NativeSocket.of(first).set(TcpOptions.SO_REUSEPORT, true);
            assertTrue(NativeSocket.of(first).get(TcpOptions.SO_REUSEPORT));
            first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress taken = (InetSocketAddress) first.getLocalAddress();

            assertThrows(BindException.class, () -> third.bind(taken), "without SO_REUSEPORT the port is taken");
            NativeSocket.of(second).set(TcpOptions.SO_REUSEPORT, true);
            second.bind(taken);
            assertEquals(taken.getPort(), second.getLocalPort());
        }
    }

    @Test
    void lingerRoundTripsAndRejectsBadTimeouts() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = NativeSocket.of(p.peer);
            assertEquals(Linger.off(), s.linger());
            for (Linger l : new Linger[] {Linger.abortive(), Linger.of(Duration.ofSeconds(7)), Linger.off()}) {
                s.setLinger(l);
                assertEquals(l, s.linger());
            }
            s.setLinger(Linger.of(Duration.ofSeconds(7)));
            assertEquals(7, p.peer.getOption(StandardSocketOptions.SO_LINGER), "the JDK reads the same value");
        }
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Linger.of(Duration.ofSeconds(-1)));
        assertTrue(negative.getMessage().contains("SO_LINGER") && negative.getMessage().contains("whole seconds"),
                negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linger.of(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> Linger.of(Linger.MAX_TIMEOUT.plusSeconds(1)));
        assertEquals(Linger.abortive(), Linger.of(Duration.ZERO));
    }

    @Test
    void abortiveLingerMakesThePeersReadEndInConnectionReset() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket.of(p.channel).setLinger(Linger.abortive());
            p.channel.close();
            InputStream in = p.peer.socket().getInputStream();
            SocketException reset = assertThrows(SocketException.class, in::read);
            assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
        }
    }

    @Test
    void unreadBytesCountWhatThePeerSentAndWeDidNotRead() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = NativeSocket.of(p.channel);
            assertEquals(0, s.unreadBytes());
            p.peer.write(ByteBuffer.wrap(new byte[1234]));
            Await.until("the peer's 1234 bytes counted as unread", WAIT, () -> s.unreadBytes() == 1234);
            p.channel.read(ByteBuffer.allocate(234));
            assertEquals(1000, s.unreadBytes());
        }
    }

    @Test
    void sendQueueGrowsWhileThePeerDoesNotRead() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = NativeSocket.of(p.channel);
            assertEquals(0, s.sendQueueBytes());
            p.channel.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            for (int i = 0; i < 1000 && written < 16L << 20; i++) { // until the window closes
                chunk.clear();
                int n = p.channel.write(chunk);
                if (n == 0) {
                    break;
                }
                written += n;
            }
            int queued = s.sendQueueBytes();
            int unsent = s.unsentBytes();
            assertTrue(queued > 0 && queued <= written, "queued " + queued + " of " + written);
            assertTrue(unsent > 0 && unsent <= queued, "unsent " + unsent + ", queued " + queued);
            long peerHas = NativeSocket.of(p.peer).unreadBytes();
            assertTrue(peerHas + queued >= written - 1, "peer " + peerHas + " + queued " + queued + " vs " + written);
        }
    }

    @Test
    void shutdownWriteGivesThePeerEof() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket.of(p.channel).shutdown(Shutdown.WRITE);
            assertEquals(-1, p.peer.read(ByteBuffer.allocate(1)));
            p.peer.write(ByteBuffer.wrap(new byte[10])); // half-closed: the other direction still works
            assertEquals(10, p.channel.read(ByteBuffer.allocate(100)));
        }
    }

    @Test
    void shutdownReadDiscardsNothingOnLinux() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = NativeSocket.of(p.channel);
            s.shutdown(Shutdown.READ);
            p.peer.write(ByteBuffer.wrap(new byte[100]));
            Await.until("100 bytes queued after SHUT_RD (Linux discards nothing)", WAIT, () -> s.unreadBytes() == 100);
        }
    }

    @Test
    void dataArrivingAfterShutdownOfBothDirectionsDrawsReset() throws Exception {
        // tcp_rcv_state_process: in FIN_WAIT1/2 with RCV_SHUTDOWN, new data is answered with RST.
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket.of(p.channel).shutdown(Shutdown.BOTH);
            assertEquals(-1, p.peer.read(ByteBuffer.allocate(1)));
            p.peer.write(ByteBuffer.wrap(new byte[100]));
            IOException reset = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 5000; i++) { // the RST crosses loopback within microseconds
                    p.peer.write(ByteBuffer.wrap(new byte[100]));
                    Thread.sleep(1);
                }
            });
            assertTrue(reset.getMessage().contains("reset") || reset.getMessage().contains("Broken pipe"),
                    reset.getMessage());
        }
    }

    @Test
    void failedSyscallsCarryErrnoNameAndSyscall() throws Exception {
        try (SocketChannel unconnected = SocketChannel.open()) {
            NativeSocket s = NativeSocket.of(unconnected);
            NativeSocketException e = assertThrows(NativeSocketException.class, () -> s.shutdown(Shutdown.WRITE));
            assertEquals("ENOTCONN", e.errnoName());
            assertEquals(ConstantTable.get("ENOTCONN"), e.errno());
            assertEquals("shutdown(SHUT_WR)", e.syscall());
            assertTrue(e.getMessage().matches("shutdown\\(SHUT_WR\\) on fd \\d+: ENOTCONN \\(.+\\)"), e.getMessage());

            int tcp = ConstantTable.get("IPPROTO_TCP");
            NativeSocketException bad = assertThrows(NativeSocketException.class, () -> s.getRaw(tcp, 9999, 4));
            assertEquals("ENOPROTOOPT", bad.errnoName());
        }
    }

    @Test
    void rawOptionsReachTheSameKernelValues() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = NativeSocket.of(p.peer);
            int tcp = ConstantTable.get("IPPROTO_TCP");
            int nodelay = ConstantTable.get("TCP_NODELAY");
            byte[] one = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
            s.setRaw(tcp, nodelay, one);
            assertTrue(s.get(TcpOptions.TCP_NODELAY));
            assertArrayEquals(one, s.getRaw(tcp, nodelay, 64), "the kernel returns exactly 4 bytes");
            assertThrows(IllegalArgumentException.class, () -> s.getRaw(tcp, nodelay, 0));
        }
    }

    @Test
    void everyCallOnAClosedSocketThrowsClosedChannelException() throws Exception {
        LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open();
        NativeSocket channel = NativeSocket.of(p.peer);
        Socket plain = new Socket();
        NativeSocket socket = NativeSocket.of(plain);
        p.close();
        plain.close();
        for (NativeSocket s : new NativeSocket[] {channel, socket, NativeSocket.of(plain), NativeSocket.of(p.channel)}) {
            assertFalse(s.isOpen());
            assertThrows(ClosedChannelException.class, () -> s.set(TcpOptions.TCP_NODELAY, true));
            assertThrows(ClosedChannelException.class, () -> s.get(TcpOptions.TCP_NODELAY));
            assertThrows(ClosedChannelException.class, s::linger);
            assertThrows(ClosedChannelException.class, () -> s.setLinger(Linger.abortive()));
            assertThrows(ClosedChannelException.class, () -> s.shutdown(Shutdown.BOTH));
            assertThrows(ClosedChannelException.class, s::unreadBytes);
            assertThrows(ClosedChannelException.class, s::sendQueueBytes);
            assertThrows(ClosedChannelException.class, s::unsentBytes);
            assertThrows(ClosedChannelException.class, () -> s.getRaw(1, 1, 4));
            assertThrows(ClosedChannelException.class, () -> s.setRaw(1, 1, new byte[4]));
        }
    }

    @Test
    void theKernelProbeRejectsAJdkOptionByName() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> NativeSocket.isSupportedByKernel(StandardSocketOptions.TCP_NODELAY));
        assertTrue(e.getMessage().contains("TCP_NODELAY") && e.getMessage().contains("TcpOptions"), e.getMessage());
    }
}
