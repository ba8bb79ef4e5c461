package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.testkit.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without native access every strategy still closes the socket it was handed, with the JDK's
 * own calls, and its report leaves what only the kernel's queues tell unknown. Forced in a child
 * JVM: once started without the JVM flags, once with them but with {@code os.name} set to another
 * OS (no constant table), once with a backend forced that cannot be used. In each, every strategy closes a channel and a socket whose peer reads
 * the response.
 */
class WithoutNativeAccessTest {
    private static final int RESPONSE = 10_000;

    @Test
    void withoutTheJvmFlagsEveryStrategyStillCloses() throws Exception {
        String out = ChildJvm.run(List.of(), WithoutNativeAccessTest.class, 60);
        assertTrue(out.contains("reason sockopt4j cannot reach the file descriptor of JDK sockets"), out);
        assertTrue(out.contains("Start the JVM with: --add-opens java.base/sun.nio.ch=ALL-UNNAMED"), out);
        assertOutcomes(out);
    }

    @Test
    void onAnotherOsEveryStrategyStillCloses() throws Exception {
        List<String> flags = new ArrayList<>(ChildJvm.testFlags());
        flags.add("-Dos.name=FreeBSD");
        String out = ChildJvm.run(flags, WithoutNativeAccessTest.class, 60);
        assertTrue(out.contains("reason sockopt4j supports Linux on x86-64 and aarch64; this is FreeBSD/"), out);
        assertOutcomes(out);
    }

    @Test
    void withABackendThatCannotBeUsedEveryStrategyStillCloses() throws Exception {
        List<String> flags = new ArrayList<>(ChildJvm.testFlags());
        flags.removeIf(f -> f.startsWith("-Dsockopt4j.backend="));
        flags.add("-Dsockopt4j.backend=jnx");
        String out = ChildJvm.run(flags, WithoutNativeAccessTest.class, 60);
        assertTrue(out.contains("reason -Dsockopt4j.backend=jnx is not a backend: use jni, jna or ffm"), out);
        assertOutcomes(out);
    }

    private static void assertOutcomes(String out) {
        List<String> expected = new ArrayList<>();
        for (LoopbackPair.Kind kind : LoopbackPair.Kind.values()) {
            String common = " atStart=unknown atClose=unknown xClosed=true";
            expected.add(kind + " plain: NOT_APPLICABLE UNKNOWN" + common + " failure=none peer=EOF " + RESPONSE);
            expected.add(kind + " abortive: NOT_APPLICABLE UNKNOWN" + common + " failure=none peer=RESET " + RESPONSE);
            expected.add(kind + " lingering: PEER_EOF UNKNOWN" + common + " failure=none peer=EOF " + RESPONSE);
            expected.add(kind + " afterAcked: ERROR UNKNOWN" + common
                    + " failure=afterAcked cannot see the ACK without SIOCOUTQ peer=EOF " + RESPONSE);
        }
        expected.add("CHANNEL lingeringAsync: PEER_EOF UNKNOWN atStart=unknown atClose=unknown xClosed=true failure=none"
                + " peer=EOF " + RESPONSE);
        List<String> lines = out.lines().filter(l -> l.startsWith("CHANNEL ") || l.startsWith("SOCKET ")).toList();
        assertEquals(expected, lines, out);
    }

    /** A strategy as the child calls it. */
    private interface Strategy {
        CloseReport close(LoopbackPair p) throws Exception;
    }

    /** The child: every strategy on both kinds, one line each. */
    public static void main(String[] args) throws Exception {
        System.out.println("reason " + NativeSocket.unavailableReason().orElse("none: native access works"));
        for (LoopbackPair.Kind kind : LoopbackPair.Kind.values()) {
            run(kind, "plain", LoopbackPair::plain);
            run(kind, "abortive", LoopbackPair::abortive);
            run(kind, "lingering", p -> p.lingering(DrainPolicy.DEFAULT));
            run(kind, "afterAcked", p -> p.afterAcked(Duration.ofSeconds(5)));
        }
        run(LoopbackPair.Kind.CHANNEL, "lingeringAsync", p -> Close.lingeringAsync(p.xChannel).get(30, TimeUnit.SECONDS));
    }

    private static void run(LoopbackPair.Kind kind, String name, Strategy strategy) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            CompletableFuture<PeerRead> peer = CompletableFuture.supplyAsync(() -> CloseStrategiesTest.readThenClose(p));
            p.x.getOutputStream().write(Payload.of(RESPONSE, 5));
            String line;
            try {
                CloseReport r = strategy.close(p);
                line = r.drainEnd() + " " + r.finalSignal()
                        + " atStart=" + r.atStart().map(Object::toString).orElse("unknown")
                        + " atClose=" + r.atClose().map(Object::toString).orElse("unknown")
                        + " xClosed=" + !p.xOpen()
                        + " failure=" + r.failure().map(Throwable::getMessage).map(m -> m.replaceAll(": .*", ""))
                                .orElse("none");
            } catch (Exception e) {
                line = "threw " + e + " xClosed=" + !p.xOpen();
            }
            PeerRead read = peer.get(30, TimeUnit.SECONDS);
            System.out.println(kind + " " + name + ": " + line + " peer=" + read.end() + " " + read.bytes());
        }
    }
}
