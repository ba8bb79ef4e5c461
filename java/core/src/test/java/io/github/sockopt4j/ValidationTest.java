package io.github.sockopt4j;

import static io.github.sockopt4j.TcpOptions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.SocketOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Invalid values never reach a syscall: each throws {@link IllegalArgumentException} naming the
 * option, and the option keeps its value. The cases sit just outside each range the kernel
 * enforces (its limits come from the constant table; {@code KernelLimitsTest} checks the kernel
 * agrees).
 */
class ValidationTest {

    private record Invalid<T>(SocketOption<T> option, List<T> values) {
        @SafeVarargs
        static <T> Invalid<T> of(SocketOption<T> option, T... values) {
            List<T> list = new ArrayList<>(); // not List.of: null is one of the invalid values
            for (T v : values) {
                list.add(v);
            }
            return new Invalid<>(option, list);
        }
    }

    private static final List<Invalid<?>> CASES = List.of(
            Invalid.of(TCP_NODELAY, (Boolean) null),
            Invalid.of(TCP_USER_TIMEOUT, Duration.ofMillis(-1), Duration.ofMillis(1).plusNanos(1),
                    Duration.ofMillis(Integer.MAX_VALUE + 1L), null),
            Invalid.of(TCP_NOTSENT_LOWAT, -1L, 0x1_0000_0000L, null),
            Invalid.of(TCP_KEEPIDLE, Duration.ZERO, Duration.ofSeconds(32768), Duration.ofMillis(1500)),
            Invalid.of(TCP_KEEPINTVL, Duration.ZERO, Duration.ofSeconds(32768)),
            Invalid.of(TCP_KEEPCNT, 0, 128, null),
            Invalid.of(TCP_DEFER_ACCEPT, Duration.ofSeconds(-1), Duration.ofMillis(1)),
            Invalid.of(TCP_FASTOPEN, -1),
            Invalid.of(TCP_MAXSEG, 87, 32768, -1),
            Invalid.of(TCP_CONGESTION, "", "sixteen-chars-xx", "cubi\u00e7", "cu\0bic", null),
            Invalid.of(TCP_LINGER2, Duration.ofSeconds(-2), Duration.ofSeconds(121), Duration.ofMillis(500)),
            Invalid.of(TCP_WINDOW_CLAMP, -1),
            Invalid.of(TCP_SYNCNT, 0, 128),
            Invalid.of(SO_RCVBUF, -1),
            Invalid.of(SO_SNDBUF, -1),
            Invalid.of(SO_RCVLOWAT, 0, -1),
            Invalid.of(SO_PRIORITY, (Integer) null),
            Invalid.of(SO_MARK, (Integer) null),
            Invalid.of(SO_BUSY_POLL, Duration.ofNanos(-1000), Duration.ofNanos(1)),
            Invalid.of(SO_INCOMING_CPU, (Integer) null),
            Invalid.of(SO_BINDTODEVICE, "sixteen-chars-xx", "l\0", null),
            Invalid.of(IP_TOS, 256, -1),
            Invalid.of(IP_TTL, 0, 256, -2),
            Invalid.of(IPV6_TCLASS, 256, -2),
            Invalid.of(IPV6_UNICAST_HOPS, 256, -2));

    @TestFactory
    Stream<DynamicTest> invalidValuesAreRefusedBeforeAnySyscall() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Invalid<?> c : CASES) {
            for (Object v : c.values()) {
                tests.add(dynamicTest(c.option() + " = " + v, () -> refused(c, v)));
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static <T> void refused(Invalid<T> c, Object value) throws IOException {
        // a dual-stack socket takes both families' options
        try (LoopbackFixture.Opened o = LoopbackFixture.DUAL_STACK_CLIENT.open()) {
            NativeSocket s = o.socket;
            T before = s.get(c.option());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.set(c.option(), (T) value));
            assertTrue(e.getMessage().startsWith(c.option().name()), e.getMessage());
            assertEquals(before, s.get(c.option()), "the refused value changed the option");
        }
    }

    @TestFactory
    Stream<DynamicTest> messagesNameTheRange() {
        return Stream.of(
                dynamicTest("int", () -> assertMessage(TCP_KEEPCNT, 128,
                        "TCP_KEEPCNT = 128 is out of range: [1, 127] probes")),
                dynamicTest("int with reset", () -> assertMessage(IP_TTL, 0,
                        "IP_TTL = 0 is out of range: [1, 255] hops, or -1 for the system default")),
                dynamicTest("duration", () -> assertMessage(TCP_KEEPIDLE, Duration.ofSeconds(32768),
                        "TCP_KEEPIDLE = PT9H6M8S is out of range: [PT1S, PT9H6M7S] in whole seconds")),
                dynamicTest("unsigned", () -> assertMessage(TCP_NOTSENT_LOWAT, -1L,
                        "TCP_NOTSENT_LOWAT = -1 is out of range: [0, 4294967295] bytes (unsigned 32-bit)")),
                dynamicTest("string", () -> assertMessage(TCP_CONGESTION, "sixteen-chars-xx",
                        "TCP_CONGESTION = \"sixteen-chars-xx\" is not a valid name: 1 to 15 bytes"
                                + " (TCP_CA_NAME_MAX - 1), US-ASCII without NUL")));
    }

    private static <T> void assertMessage(SocketOption<T> option, T value, String message) throws IOException {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_CLIENT.open()) {
            assertEquals(message, assertThrows(IllegalArgumentException.class, () -> o.socket.set(option, value))
                    .getMessage());
        }
    }
}
