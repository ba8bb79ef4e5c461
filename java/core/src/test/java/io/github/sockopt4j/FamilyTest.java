package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Options of the wrong address family get an exception that explains it, before the kernel's
 * bare {@code ENOPROTOOPT}; {@link NativeSocket#isSupported} answers the same question.
 */
class FamilyTest {
    private static final List<SocketOption<Integer>> IPV6_INT_OPTIONS =
            List.of(TcpOptions.IPV6_TCLASS, TcpOptions.IPV6_UNICAST_HOPS);
    private static final List<SocketOption<Integer>> IPV4_PACKET_OPTIONS =
            List.of(TcpOptions.IP_TOS, TcpOptions.IP_TTL);

    @ParameterizedTest
    @EnumSource(value = LoopbackFixture.class, names = "IPV4_.*", mode = EnumSource.Mode.MATCH_ANY)
    void ipv6OptionsOnIpv4Sockets(LoopbackFixture fixture) throws IOException {
        try (LoopbackFixture.Opened o = fixture.open()) {
            for (SocketOption<Integer> option : IPV6_INT_OPTIONS) {
                String expected = option.name() + " is an IPv6 option (IPPROTO_IPV6) and this socket is IPv4"
                        + " (AF_INET); Linux would answer ENOPROTOOPT. Use the IPv4 option instead (IP_TOS,"
                        + " IP_TTL), or open the socket as IPv6";
                assertEquals(expected, assertThrows(UnsupportedOperationException.class,
                        () -> o.socket.set(option, 1)).getMessage());
                assertEquals(expected, assertThrows(UnsupportedOperationException.class,
                        () -> o.socket.get(option)).getMessage());
                assertFalse(o.socket.isSupported(option));
            }
            assertThrows(UnsupportedOperationException.class, () -> o.socket.get(TcpOptions.IPV6_V6ONLY));
            assertTrue(o.socket.isSupported(TcpOptions.IP_TOS));
        }
    }

    /**
     * The client connected to ::1 is refused for its peer; the accepted socket inherits
     * IPV6_V6ONLY, which Linux sets on a listener bound to a specific IPv6 address.
     */
    @ParameterizedTest
    @EnumSource(value = LoopbackFixture.class, names = {"IPV6_CLIENT", "IPV6_ACCEPTED"})
    void ipv4PacketOptionsOnAConnectionToAnIpv6Peer(LoopbackFixture fixture) throws IOException {
        String why = fixture == LoopbackFixture.IPV6_CLIENT
                ? "is connected to the IPv6 peer 0:0:0:0:0:0:0:1, so it would have no effect"
                : "is IPV6_V6ONLY, so it never sends any";
        try (LoopbackFixture.Opened o = fixture.open()) {
            for (SocketOption<Integer> option : IPV4_PACKET_OPTIONS) {
                String expected = option.name() + " shapes IPv4 packets only (IPPROTO_IP), and this AF_INET6 socket "
                        + why + "; use IPV6_TCLASS / IPV6_UNICAST_HOPS for its IPv6 packets";
                assertEquals(expected, assertThrows(UnsupportedOperationException.class,
                        () -> o.socket.set(option, 1)).getMessage());
                assertFalse(o.socket.isSupported(option));
            }
            assertTrue(o.socket.isSupported(TcpOptions.IPV6_TCLASS));
            assertTrue(o.socket.isSupported(TcpOptions.IP_FREEBIND), "IP_FREEBIND is shared with IPV6_FREEBIND");
        }
    }

    @Test
    void ipv4PacketOptionsOnAnIpv6OnlySocket() throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV6_UNCONNECTED.open()) {
            assertTrue(o.socket.isSupported(TcpOptions.IP_TOS), "a dual-stack socket can carry IPv4");
            o.socket.set(TcpOptions.IPV6_V6ONLY, true);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> o.socket.set(TcpOptions.IP_TOS, 0xB8));
            assertEquals("IP_TOS shapes IPv4 packets only (IPPROTO_IP), and this AF_INET6 socket is IPV6_V6ONLY, so"
                    + " it never sends any; use IPV6_TCLASS / IPV6_UNICAST_HOPS for its IPv6 packets", e.getMessage());
            assertFalse(o.socket.isSupported(TcpOptions.IP_TOS));
        }
    }

    /** An AF_INET6 socket carrying IPv4 takes both families' options; each shapes its own packets. */
    @ParameterizedTest
    @EnumSource(value = LoopbackFixture.class, names = "DUAL_STACK_.*", mode = EnumSource.Mode.MATCH_ANY)
    void dualStackSocketsTakeBoth(LoopbackFixture fixture) throws IOException {
        try (LoopbackFixture.Opened o = fixture.open()) {
            o.socket.set(TcpOptions.IP_TOS, 0x28);
            o.socket.set(TcpOptions.IPV6_TCLASS, 0xB8);
            assertEquals(0x28, o.socket.get(TcpOptions.IP_TOS));
            assertEquals(0xB8, o.socket.get(TcpOptions.IPV6_TCLASS));
        }
    }
}
