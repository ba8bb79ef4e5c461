package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.ConstantTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The read-only options: what they report on each kind of socket, and that {@code set} refuses. */
class ReadOnlyOptionsTest {

    @ParameterizedTest
    @EnumSource(LoopbackFixture.class)
    void reportTheSocketsIdentity(LoopbackFixture fixture) throws IOException {
        try (LoopbackFixture.Opened o = fixture.open()) {
            NativeSocket s = o.socket;
            assertEquals(fixture.family(), s.get(TcpOptions.SO_DOMAIN));
            assertEquals(ConstantTable.get("IPPROTO_TCP"), s.get(TcpOptions.SO_PROTOCOL));
            assertEquals(ConstantTable.get("SOCK_STREAM"), s.get(TcpOptions.SO_TYPE));
            assertEquals(0, s.get(TcpOptions.SO_ERROR));
            long cookie = s.get(TcpOptions.SO_COOKIE);
            assertNotEquals(0L, cookie);
            assertEquals(cookie, s.get(TcpOptions.SO_COOKIE), "a socket keeps its cookie");
        }
    }

    @Test
    void cookiesDifferBetweenSockets() throws IOException {
        try (LoopbackFixture.Opened a = LoopbackFixture.IPV4_CLIENT.open()) {
            assertNotEquals(a.socket.get(TcpOptions.SO_COOKIE), NativeSocket.of(a.peer).get(TcpOptions.SO_COOKIE));
        }
    }

    @Test
    void theJdkOpensIpv6SocketsByDefaultHere() throws IOException {
        try (SocketChannel ch = SocketChannel.open()) {
            assertEquals(StandardProtocolFamily.INET6, NativeSocket.of(ch).get(TcpOptions.SO_DOMAIN),
                    "this machine has IPv6, so the JDK's default sockets are AF_INET6");
        }
    }

    /** SO_ERROR reports a failed non-blocking connect once: reading it clears it. */
    @Test
    void soErrorIsClearedByReadingIt() throws Exception {
        InetSocketAddress closedPort;
        try (ServerSocketChannel reserve = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = (InetSocketAddress) reserve.getLocalAddress();
        }
        try (SocketChannel ch = SocketChannel.open()) {
            ch.configureBlocking(false);
            ch.connect(closedPort);
            NativeSocket s = NativeSocket.of(ch);
            int error = 0;
            for (int i = 0; i < 2000 && error == 0; i++) { // loopback refuses at once; bounded anyway
                error = s.get(TcpOptions.SO_ERROR);
                if (error == 0) {
                    Thread.sleep(1);
                }
            }
            assertEquals(ConstantTable.get("ECONNREFUSED"), error);
            assertEquals(0, s.get(TcpOptions.SO_ERROR), "the error is reported once");
        }
    }

    @Test
    void setRefusesEveryReadOnlyOption() throws IOException {
        List<SocketOption<?>> readOnly = List.of(TcpOptions.SO_COOKIE, TcpOptions.SO_ERROR, TcpOptions.SO_DOMAIN,
                TcpOptions.SO_PROTOCOL, TcpOptions.SO_TYPE);
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_CLIENT.open()) {
            for (SocketOption<?> option : readOnly) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> setAny(o.socket, option));
                assertEquals(option.name() + " is read-only: the kernel reports it, setsockopt cannot change it",
                        e.getMessage());
            }
            assertTrue(TcpOptions.all().containsAll(readOnly));
        }
    }

    private static <T> void setAny(NativeSocket s, SocketOption<T> option) throws IOException {
        s.set(option, s.get(option));
    }
}
