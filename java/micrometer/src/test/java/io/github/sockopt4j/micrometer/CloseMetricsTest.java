package io.github.sockopt4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.close.OverflowPolicy;
import io.github.sockopt4j.testkit.Await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters against what the closes really did, in a {@code SimpleMeterRegistry}. */
class CloseMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CloseMetrics metrics = new CloseMetrics();

    CloseMetricsTest() {
        metrics.bindTo(registry);
    }

    @AfterEach
    void unbind() {
        metrics.close();
    }

    @Test
    void aResetIsCountedWithTheBytesItLeftUnread() throws Exception {
        double kernelBefore = kernel("TCPAbortOnClose");
        try (Pair p = Pair.open()) {
            p.peer.getOutputStream().write(new byte[5000]);
            Await.until("the bytes queued", WAIT, () -> NativeSocket.of(p.ours).unreadBytes() == 5000);
            CloseReport report = Close.plain(p.ours);
            assertTrue(report.sentReset(), report.toString());
        }
        assertEquals(1, closes("Close", "PLAIN", "RST", "NOT_APPLICABLE"));
        DistributionSummary unread = registry.get("sockopt4j.close.reset.unread").tag("integration", "Close").summary();
        assertEquals(1, unread.count());
        assertEquals(5000, unread.totalAmount());
        assertEquals(0, registry.get("sockopt4j.close.reset.unsent").tag("integration", "Close").summary().totalAmount());
        assertTrue(kernel("TCPAbortOnClose") >= kernelBefore + 1, "the kernel counted the abort too (system-wide)");
    }

    @Test
    void aClosersLingeringCloseIsCountedUnderItsIntegrationWithWhatItDrained() throws Exception {
        LingeringCloserOptions options = LingeringCloserOptions.DEFAULT.withIntegration("Tomcat").withMaxPending(1)
                .withOverflow(OverflowPolicy.ABORT);
        try (LingeringCloser closer = LingeringCloser.start(options); Pair lingering = Pair.open();
             Pair overflowing = Pair.open()) {
            var drained = closer.submit(lingering.ours);
            assertEquals(1.0, registry.get("sockopt4j.closer.pending").gauge().value(), "one close pending");
            closer.submit(overflowing.ours).get(5, TimeUnit.SECONDS); // beyond maxPending: aborted
            assertEquals(1.0, registry.get("sockopt4j.closer.overflows").tag("policy", "abort").functionCounter().count());
            lingering.peer.getOutputStream().write(new byte[7000]);
            lingering.peer.shutdownOutput();
            drained.get(5, TimeUnit.SECONDS);
        }
        assertEquals(1, closes("Tomcat", "LINGERING_ASYNC", "FIN", "PEER_EOF"));
        assertEquals(1, closes("Tomcat", "ABORTIVE", "RST", "NOT_APPLICABLE"));
        assertEquals(7000, registry.get("sockopt4j.close.drained").tag("integration", "Tomcat").summary().totalAmount());
        assertEquals(2, registry.get("sockopt4j.close.duration").tag("integration", "Tomcat").timers().stream()
                .mapToLong(t -> t.count()).sum());
        assertEquals(0.0, registry.get("sockopt4j.closer.pending").gauge().value(), "the closer is closed");
    }

    @Test
    void closedItCountsNoMore() throws Exception {
        metrics.close();
        try (Pair p = Pair.open()) {
            Close.plain(p.ours);
        }
        assertNull(registry.find("sockopt4j.closes").counter());
    }

    private double closes(String integration, String strategy, String signal, String end) {
        Counter c = registry.find("sockopt4j.closes").tag("integration", integration).tag("strategy", strategy)
                .tag("signal", signal).tag("drain.end", end).counter();
        return c == null ? 0 : c.count();
    }

    private double kernel(String counter) {
        return registry.get("sockopt4j.kernel.tcp.aborts").tag("counter", counter).functionCounter().count();
    }

    /** A loopback connection: ours (a JDK channel) and the peer's socket. */
    private record Pair(SocketChannel ours, Socket peer) implements AutoCloseable {
        static Pair open() throws IOException {
            try (ServerSocketChannel server = ServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                Socket peer = new Socket();
                peer.connect(server.getLocalAddress());
                return new Pair(server.accept(), peer);
            }
        }

        @Override
        public void close() throws IOException {
            ours.close();
            peer.close();
        }
    }
}
