package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.TcpOptions;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code Socket} or {@code ServerSocket} closed before it was connected or bound never had an
 * fd. JDK 17's {@code getImpl()} would create one for it (and nothing would ever close it); on
 * every JDK sockopt4j must instead see a closed socket and create nothing.
 */
class ClosedBeforeConnectTest {
    private static final int CALLS = 100;

    @BeforeAll
    static void warmUp() throws Exception {
        Fds.warmUp();
    }

    @Test
    void aClosedUnconnectedSocketIsClosedAndGetsNoFd() throws Exception {
        long before = Fds.count();
        for (int i = 0; i < CALLS; i++) {
            Socket socket = new Socket();
            socket.close();
            NativeSocket s = NativeSocket.of(socket);
            assertFalse(s.isOpen());
            assertThrows(ClosedChannelException.class, s::unreadBytes);
            assertThrows(ClosedChannelException.class, () -> s.set(TcpOptions.TCP_CORK, true));
            assertThrows(ClosedChannelException.class, () -> Close.plain(socket));
            assertThrows(ClosedChannelException.class, () -> Close.abortive(socket));
            assertThrows(ClosedChannelException.class, () -> Close.lingering(socket));
        }
        assertEquals(before, Fds.count(), () -> "fds created for closed sockets: " + Fds.list());
    }

    @Test
    void aClosedUnboundServerSocketIsClosedAndGetsNoFd() throws Exception {
        long before = Fds.count();
        for (int i = 0; i < CALLS; i++) {
            ServerSocket server = new ServerSocket();
            server.close();
            NativeSocket s = NativeSocket.of(server);
            assertFalse(s.isOpen());
            assertThrows(ClosedChannelException.class, () -> s.get(TcpOptions.SO_REUSEPORT));
        }
        assertEquals(before, Fds.count(), () -> "fds created for closed server sockets: " + Fds.list());
    }
}
