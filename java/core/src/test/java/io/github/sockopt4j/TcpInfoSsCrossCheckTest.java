package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpInfo} against an independent reader: {@code ss -tinH} (iproute2) gets the same
 * {@code tcp_info} over netlink. Both are read while the connection is quiet (two readings
 * around {@code ss} agree), then state, bytes acked/received, segments in/out, unacked, notsent
 * and rtt must match what {@code ss} printed. {@code ss} leaves a counter out when it is 0.
 */
class TcpInfoSsCrossCheckTest {
    private static final int ATTEMPTS = 20;

    /** After a transfer both ends have read everything: the counters are settled. */
    @Test
    void afterATransfer() throws Exception {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_CLIENT.open()) {
            int n = 100_000;
            writeFully(o.channel, n);
            readFully(o.peer, n);
            crossCheck(o.channel, o.socket);
            crossCheck(o.peer, NativeSocket.of(o.peer));
        }
    }

    /** A receiver that does not read: the sender holds unsent bytes (notsent > 0). */
    @Test
    void withAStalledReceiver() throws Exception {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV6_CLIENT.open()) {
            o.socket.set(TcpOptions.SO_SNDBUF, 1 << 20);
            o.channel.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            for (int i = 0; i < 1000 && o.socket.tcpInfo().notsentBytes().orElseThrow() == 0; i++) {
                chunk.clear();
                o.channel.write(chunk); // fills the peer's receive buffer, then our send queue
            }
            TcpInfo info = crossCheck(o.channel, o.socket);
            assertTrue(info.notsentBytes().orElseThrow() > 0, "the sender should hold unsent bytes: " + info);
            crossCheck(o.peer, NativeSocket.of(o.peer));
        }
    }

    /** Compares one quiet reading with {@code ss}; returns the reading. */
    private static TcpInfo crossCheck(SocketChannel ch, NativeSocket s) throws Exception {
        InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
        InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            TcpInfo before = s.tcpInfo();
            Map<String, String> ss = ss(local, remote);
            TcpInfo after = s.tcpInfo();
            if (!sameCounters(before, after)) {
                continue; // a segment moved while ss ran (a window probe, a delayed ACK): read again
            }
            assertEquals(ssState(before.state()), ss.get("state"));
            assertEquals(before.bytesAcked().orElseThrow(), counter(ss, "bytes_acked"));
            assertEquals(before.bytesReceived().orElseThrow(), counter(ss, "bytes_received"));
            assertEquals(before.segsOut().orElseThrow(), counter(ss, "segs_out"));
            assertEquals(before.segsIn().orElseThrow(), counter(ss, "segs_in"));
            assertEquals(before.unacked(), counter(ss, "unacked"));
            assertEquals(before.notsentBytes().orElseThrow(), counter(ss, "notsent"));
            double ssRttMillis = Double.parseDouble(ss.get("rtt").split("/")[0]);
            // ss prints tcpi_rtt / 1000 with %g (6 significant digits); 1 µs covers the rounding
            assertEquals(before.rtt().toNanos() / 1000.0, ssRttMillis * 1000.0, 1.0, "rtt in µs");
            return before;
        }
        throw new AssertionError("the connection did not stay quiet for one ss run in " + ATTEMPTS + " attempts");
    }

    private static boolean sameCounters(TcpInfo a, TcpInfo b) {
        return a.segsOut().equals(b.segsOut()) && a.segsIn().equals(b.segsIn())
                && a.bytesAcked().equals(b.bytesAcked()) && a.bytesReceived().equals(b.bytesReceived())
                && a.notsentBytes().equals(b.notsentBytes()) && a.unacked() == b.unacked() && a.rtt().equals(b.rtt());
    }

    private static long counter(Map<String, String> ss, String key) {
        return Long.parseLong(ss.getOrDefault(key, "0"));
    }

    private static String ssState(TcpState state) {
        return state == TcpState.ESTABLISHED ? "ESTAB" : state.name();
    }

    /** Runs {@code ss -tinH} for one 4-tuple; returns "state" and every {@code key:value}. */
    private static Map<String, String> ss(InetSocketAddress local, InetSocketAddress remote) throws Exception {
        Process p = new ProcessBuilder(List.of("ss", "-tinH", "state", "all",
                "src", endpoint(local), "dst", endpoint(remote))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "ss did not finish");
        assertEquals(0, p.exitValue(), out);
        String[] tokens = out.trim().split("\\s+");
        assertTrue(tokens.length > 5, "ss found no socket for " + local + " -> " + remote + ": " + out);
        Map<String, String> fields = new HashMap<>();
        fields.put("state", tokens[0]);
        for (String t : tokens) {
            int colon = t.indexOf(':');
            if (colon > 0 && !t.startsWith("[") && Character.isLetter(t.charAt(0))) {
                fields.putIfAbsent(t.substring(0, colon), t.substring(colon + 1));
            }
        }
        return fields;
    }

    private static String endpoint(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void writeFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b) >= 0) {
            // blocking reads until all n bytes are in
        }
        assertEquals(n, b.position());
    }
}
