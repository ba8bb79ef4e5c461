package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/**
 * One option model: the JDK's own options work through {@link NativeSocket} (handed to the JDK
 * object), and each side sees what the other set, because both reach the same kernel option.
 */
class JdkOptionsTest {

    @Test
    void standardOptionsGoThroughTheJdkAndReachTheKernel() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket s = p.socket;
            for (boolean v : new boolean[] {true, false, true}) {
                s.set(StandardSocketOptions.TCP_NODELAY, v);
                assertEquals(v, s.get(TcpOptions.TCP_NODELAY), "the kernel's TCP_NODELAY after the JDK's");
                assertEquals(v, p.channel.getOption(StandardSocketOptions.TCP_NODELAY));
                s.set(TcpOptions.TCP_NODELAY, !v);
                assertEquals(!v, s.get(StandardSocketOptions.TCP_NODELAY), "the JDK's TCP_NODELAY after the kernel's");
            }
            // The kernel stores twice the size it is given; the JDK halves it again when it reads.
            s.set(StandardSocketOptions.SO_RCVBUF, 65536);
            assertEquals(65536, s.get(StandardSocketOptions.SO_RCVBUF));
            assertEquals(131072, s.get(TcpOptions.SO_RCVBUF));
        }
    }

    @Test
    void extendedKeepaliveSecondsAreTheKernelsDuration() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            p.socket.set(ExtendedSocketOptions.TCP_KEEPIDLE, 37);
            assertEquals(Duration.ofSeconds(37), p.socket.get(TcpOptions.TCP_KEEPIDLE));
            p.socket.set(TcpOptions.TCP_KEEPINTVL, Duration.ofSeconds(11));
            assertEquals(11, p.socket.get(ExtendedSocketOptions.TCP_KEEPINTERVAL));
        }
    }

    @Test
    void everyKindOfJdkObjectAnswersForItsOwnOptions() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept();
             LoopbackFixture.Opened listening = LoopbackFixture.IPV4_LISTENING.open()) {
            NativeSocket.of(client).set(StandardSocketOptions.SO_KEEPALIVE, true);
            assertTrue(NativeSocket.of(client).get(TcpOptions.SO_KEEPALIVE));
            assertTrue(NativeSocket.of(accepted).isSupported(StandardSocketOptions.TCP_NODELAY));
            NativeSocket.of(server).set(StandardSocketOptions.SO_REUSEADDR, true);
            assertTrue(NativeSocket.of(server).get(TcpOptions.SO_REUSEADDR));
            assertFalse(listening.socket.isSupported(StandardSocketOptions.TCP_NODELAY),
                    "a ServerSocketChannel has no TCP_NODELAY in the JDK");
        }
    }

    @Test
    void aJdkOptionTheJdkObjectLacksIsRefusedByTheJdk() throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            assertFalse(p.socket.isSupported(StandardSocketOptions.IP_MULTICAST_LOOP));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> p.socket.set(StandardSocketOptions.IP_MULTICAST_LOOP, true));
            assertTrue(e.getMessage().contains("IP_MULTICAST_LOOP"), e.getMessage());
        }
    }

    @Test
    void aClosedSocketRefusesJdkOptionsLikeItsOwn() throws Exception {
        NativeSocket s;
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            s = p.socket;
        }
        assertThrows(ClosedChannelException.class, () -> s.set(StandardSocketOptions.TCP_NODELAY, true));
        assertThrows(ClosedChannelException.class, () -> s.get(StandardSocketOptions.TCP_NODELAY));
        assertThrows(ClosedChannelException.class, () -> s.isSupported(StandardSocketOptions.TCP_NODELAY));
    }
}
