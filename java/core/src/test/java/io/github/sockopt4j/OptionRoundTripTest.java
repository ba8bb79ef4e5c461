package io.github.sockopt4j;

import static io.github.sockopt4j.LoopbackFixture.DUAL_STACK_ACCEPTED;
import static io.github.sockopt4j.LoopbackFixture.DUAL_STACK_CLIENT;
import static io.github.sockopt4j.LoopbackFixture.IPV4_ACCEPTED;
import static io.github.sockopt4j.LoopbackFixture.IPV4_CLIENT;
import static io.github.sockopt4j.LoopbackFixture.IPV4_LISTENING;
import static io.github.sockopt4j.LoopbackFixture.IPV4_UNCONNECTED;
import static io.github.sockopt4j.LoopbackFixture.IPV6_ACCEPTED;
import static io.github.sockopt4j.LoopbackFixture.IPV6_CLIENT;
import static io.github.sockopt4j.LoopbackFixture.IPV6_LISTENING;
import static io.github.sockopt4j.LoopbackFixture.IPV6_UNCONNECTED;
import static io.github.sockopt4j.TcpOptions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every settable option of {@link TcpOptions}, set and read back on real loopback sockets (IPv4,
 * IPv6 and dual-stack; client, accepted, listening and unconnected), or, where the kernel refuses,
 * the exact errno users get, with the option's value unchanged. Runs as root, as CI does, so
 * {@code SO_MARK}, {@code SO_PRIORITY} 7 and {@code IP_TRANSPARENT} succeed.
 */
class OptionRoundTripTest {
    private static final Set<LoopbackFixture> ALL = EnumSet.allOf(LoopbackFixture.class);
    private static final Set<LoopbackFixture> CONNECTED = EnumSet.of(IPV4_CLIENT, IPV4_ACCEPTED, IPV6_CLIENT,
            IPV6_ACCEPTED, DUAL_STACK_CLIENT, DUAL_STACK_ACCEPTED);
    private static final Set<LoopbackFixture> LISTENING = EnumSet.of(IPV4_LISTENING, IPV6_LISTENING);
    private static final Set<LoopbackFixture> UNCONNECTED = EnumSet.of(IPV4_UNCONNECTED, IPV6_UNCONNECTED);
    private static final Set<LoopbackFixture> CARRY_IPV4 = EnumSet.of(IPV4_CLIENT, IPV4_ACCEPTED, IPV4_LISTENING,
            IPV4_UNCONNECTED, DUAL_STACK_CLIENT, DUAL_STACK_ACCEPTED);
    private static final Set<LoopbackFixture> INET6 = EnumSet.of(IPV6_CLIENT, IPV6_ACCEPTED, IPV6_LISTENING,
            IPV6_UNCONNECTED, DUAL_STACK_CLIENT, DUAL_STACK_ACCEPTED);

    /** One expectation: set {@code value}, then read {@code readBack}, or fail with {@code errno}. */
    private record Case<T>(SocketOption<T> option, T value, T readBack, String errno, Set<LoopbackFixture> on) {
        static <T> Case<T> roundTrip(SocketOption<T> option, T value, Set<LoopbackFixture> on) {
            return new Case<>(option, value, value, null, on);
        }

        static <T> Case<T> readsBack(SocketOption<T> option, T value, T readBack, Set<LoopbackFixture> on) {
            return new Case<>(option, value, readBack, null, on);
        }

        static <T> Case<T> fails(SocketOption<T> option, T value, String errno, Set<LoopbackFixture> on) {
            return new Case<>(option, value, null, errno, on);
        }

        void run(LoopbackFixture fixture) throws IOException {
            try (LoopbackFixture.Opened o = fixture.open()) {
                NativeSocket s = o.socket;
                if (errno == null) {
                    s.set(option, value);
                    assertEquals(readBack, s.get(option), option + "=" + value + " on " + fixture);
                } else {
                    T before = s.get(option);
                    NativeSocketException e = assertThrows(NativeSocketException.class, () -> s.set(option, value));
                    assertEquals(errno, e.errnoName(), e.getMessage());
                    assertEquals(before, s.get(option), option + " changed although setsockopt failed");
                }
            }
        }
    }

    private static List<Case<?>> cases() throws IOException {
        Duration finTimeout = Duration.ofSeconds(sysctl("net/ipv4/tcp_fin_timeout"));
        int defaultTtl = sysctl("net/ipv4/ip_default_ttl");
        List<Case<?>> c = new ArrayList<>();
        c.add(Case.roundTrip(TCP_NODELAY, true, ALL));
        c.add(Case.roundTrip(TCP_CORK, true, ALL));
        c.add(Case.roundTrip(TCP_QUICKACK, true, CONNECTED));
        c.add(Case.roundTrip(TCP_QUICKACK, false, CONNECTED));
        c.add(Case.roundTrip(TCP_USER_TIMEOUT, Duration.ofMillis(1500), ALL));
        c.add(Case.roundTrip(TCP_NOTSENT_LOWAT, 16384L, ALL));
        c.add(Case.roundTrip(TCP_NOTSENT_LOWAT, 0xFFFF_FFFFL, ALL));
        c.add(Case.roundTrip(TCP_KEEPIDLE, Duration.ofSeconds(32767), ALL));
        c.add(Case.roundTrip(TCP_KEEPINTVL, Duration.ofSeconds(1), ALL));
        c.add(Case.roundTrip(TCP_KEEPCNT, 127, ALL));
        c.add(Case.roundTrip(TCP_DEFER_ACCEPT, Duration.ofSeconds(7), LISTENING));
        c.add(Case.readsBack(TCP_DEFER_ACCEPT, Duration.ofSeconds(5), Duration.ofSeconds(7), LISTENING));
        c.add(Case.roundTrip(TCP_FASTOPEN, 16, LISTENING));
        c.add(Case.fails(TCP_FASTOPEN, 16, "EINVAL", CONNECTED));
        c.add(Case.roundTrip(TCP_FASTOPEN_CONNECT, true, UNCONNECTED));
        c.add(Case.fails(TCP_FASTOPEN_CONNECT, true, "EINVAL", CONNECTED));
        c.add(Case.roundTrip(TCP_MAXSEG, 1000, union(LISTENING, UNCONNECTED)));
        c.add(Case.roundTrip(TCP_CONGESTION, "reno", ALL));
        c.add(Case.fails(TCP_CONGESTION, "no-such-cc", "ENOENT", ALL));
        c.add(Case.roundTrip(TCP_LINGER2, Duration.ofSeconds(-1), ALL));
        c.add(Case.roundTrip(TCP_LINGER2, Duration.ofSeconds(120), ALL));
        c.add(Case.readsBack(TCP_LINGER2, Duration.ZERO, finTimeout, ALL));
        c.add(Case.roundTrip(TCP_WINDOW_CLAMP, 65536, CONNECTED));
        c.add(Case.fails(TCP_WINDOW_CLAMP, 0, "EINVAL", CONNECTED));
        c.add(Case.roundTrip(TCP_SYNCNT, 127, ALL));
        c.add(Case.roundTrip(TCP_THIN_LINEAR_TIMEOUTS, true, ALL));
        c.add(Case.roundTrip(SO_KEEPALIVE, true, ALL));
        c.add(Case.roundTrip(SO_REUSEADDR, true, ALL));
        c.add(Case.roundTrip(SO_REUSEPORT, true, ALL));
        c.add(Case.readsBack(SO_RCVBUF, 65536, 2 * 65536, ALL)); // the kernel doubles it
        c.add(Case.readsBack(SO_SNDBUF, 65536, 2 * 65536, ALL));
        c.add(Case.roundTrip(SO_RCVLOWAT, 100, ALL));
        c.add(Case.roundTrip(SO_PRIORITY, 7, ALL)); // above 6: needs CAP_NET_ADMIN
        c.add(Case.roundTrip(SO_PRIORITY, 0x8001_0010, ALL)); // class id 8001:10, negative as an int
        c.add(Case.roundTrip(SO_MARK, 0xDEAD_BEEF, ALL));
        c.add(Case.roundTrip(SO_BUSY_POLL, Duration.ofNanos(50_000), ALL));
        c.add(Case.roundTrip(SO_INCOMING_CPU, 0, union(LISTENING, UNCONNECTED)));
        c.add(Case.roundTrip(SO_INCOMING_CPU, -1, union(LISTENING, UNCONNECTED)));
        c.add(Case.roundTrip(SO_BINDTODEVICE, "lo", ALL));
        c.add(Case.roundTrip(SO_BINDTODEVICE, "", ALL));
        c.add(Case.fails(SO_BINDTODEVICE, "nosuchdev0", "ENODEV", ALL));
        c.add(Case.roundTrip(IP_TOS, 0xB8, CARRY_IPV4));
        c.add(Case.roundTrip(IP_TTL, 7, CARRY_IPV4));
        c.add(Case.readsBack(IP_TTL, -1, defaultTtl, CARRY_IPV4));
        c.add(Case.roundTrip(IP_FREEBIND, true, ALL));
        c.add(Case.roundTrip(IP_TRANSPARENT, true, ALL));
        c.add(Case.roundTrip(IP_BIND_ADDRESS_NO_PORT, true, ALL));
        c.add(Case.roundTrip(IPV6_TCLASS, 0xB8, INET6));
        c.add(Case.readsBack(IPV6_TCLASS, -1, 0, INET6));
        c.add(Case.roundTrip(IPV6_UNICAST_HOPS, 7, INET6));
        c.add(Case.roundTrip(IPV6_V6ONLY, true, EnumSet.of(IPV6_UNCONNECTED)));
        c.add(Case.fails(IPV6_V6ONLY, true, "EINVAL", EnumSet.of(IPV6_LISTENING, IPV6_CLIENT, DUAL_STACK_ACCEPTED)));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everySettableOptionOnEverySocketItAppliesTo() throws IOException {
        return cases().stream().flatMap(c -> c.on().stream().map(fixture -> dynamicTest(
                c.option() + "=" + c.value() + (c.errno() == null ? "" : " -> " + c.errno()) + " on " + fixture,
                () -> c.run(fixture))));
    }

    @TestFactory
    Stream<DynamicTest> everySettableOptionIsCovered() throws IOException {
        Set<SocketOption<?>> covered = new java.util.HashSet<>();
        for (Case<?> c : cases()) {
            covered.add(c.option());
        }
        return TcpOptions.all().stream()
                .filter(o -> !io.github.sockopt4j.internal.NativeOption.of(o).isReadOnly())
                .map(o -> dynamicTest(o.name(), () -> assertEquals(true, covered.contains(o),
                        o.name() + " has no round-trip case")));
    }

    @SafeVarargs
    private static Set<LoopbackFixture> union(Set<LoopbackFixture>... sets) {
        Set<LoopbackFixture> u = EnumSet.noneOf(LoopbackFixture.class);
        for (Set<LoopbackFixture> s : sets) {
            u.addAll(s);
        }
        return u;
    }

    private static int sysctl(String path) throws IOException {
        // readAllLines: Files.readString returned "6" for "60" on /proc/sys (measured, JDK 17 and 25)
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys", path)).get(0).strip());
    }
}
