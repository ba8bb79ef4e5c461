package io.github.sockopt4j.close;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.NativeSocketException;
import io.github.sockopt4j.ReusableTcpInfo;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.close.CloseEngine;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.Payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lingering after {@code shutdownInput()}: the JDK's reads answer end of stream at once, while
 * the kernel goes on queueing what the peer sends (Linux does not discard on {@code SHUT_RD}).
 * The drain must read those bytes (so that the final close sends FIN, not RST) and must not
 * report an EOF the peer never sent. Data arriving after our FIN as well makes Linux reset the
 * connection itself (RFC 1122's rule for {@code FIN_WAIT} with input shut down, {@code
 * TcpExtTCPAbortOnData}): the report must say that, not blame the peer. Both the closer and
 * {@link Close#lingering}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseAfterShutdownInputTest {
    private static final int QUEUED = 3000;
    private static final int LATER = 2000;
    private static final DrainPolicy POLICY = new DrainPolicy(Duration.ofMillis(400), Duration.ofSeconds(10),
            Long.MAX_VALUE, 1024);

    /** Closes X the lingering way, one way or the other, and returns the report when it is done. */
    @FunctionalInterface
    private interface Closing {
        CompletableFuture<CloseReport> start(LoopbackPair p) throws Exception;
    }

    private static CompletableFuture<CloseReport> closer(LoopbackPair p) throws Exception {
        LingeringCloser closer = LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(POLICY)
                .withThreadName("shut-input-closer"));
        return closer.submit(p.xChannel).whenComplete((r, t) -> closer.close(Duration.ZERO));
    }

    private static CompletableFuture<CloseReport> lingering(LoopbackPair p) {
        return Background.run("lingering", () -> Close.lingering(p.xChannel, POLICY));
    }

    @Test
    void theCloserDrainsWhatCameAfterShutdownInputThenEndsAtThePeersFin() throws Exception {
        drainsThenEndsAtThePeersFin(CloseAfterShutdownInputTest::closer);
    }

    @Test
    void lingeringDrainsWhatCameAfterShutdownInputThenEndsAtThePeersFin() throws Exception {
        drainsThenEndsAtThePeersFin(CloseAfterShutdownInputTest::lingering);
    }

    @Test
    void theCloserReportsNoEofFromASilentPeerAfterShutdownInput() throws Exception {
        reportsNoEofFromASilentPeer(CloseAfterShutdownInputTest::closer);
    }

    @Test
    void lingeringReportsNoEofFromASilentPeerAfterShutdownInput() throws Exception {
        reportsNoEofFromASilentPeer(CloseAfterShutdownInputTest::lingering);
    }

    @Test
    void theCloserReportsTheKernelsResetOfDataAfterOurFin() throws Exception {
        reportsTheKernelsResetOfLateData(CloseAfterShutdownInputTest::closer);
    }

    @Test
    void lingeringReportsTheKernelsResetOfDataAfterOurFin() throws Exception {
        reportsTheKernelsResetOfLateData(CloseAfterShutdownInputTest::lingering);
    }

    /**
     * The state alone cannot tell: after our FIN, data from the peer makes our kernel reset the
     * connection, which leaves it in {@code CLOSE} as a FIN in {@code FIN_WAIT2} does. With the
     * input shut down the reset must not pass for the peer's FIN (a drain that read its last 0
     * just before the reset would report {@code PEER_EOF}).
     */
    @Test
    void aResetAfterShutdownInputIsNoFin() throws Exception {
        try (LoopbackPair p = queuedAfterShutdownInput()) {
            NativeSocket x = NativeSocket.of(p.xChannel);
            x.discardInput(QUEUED);
            p.xChannel.shutdownOutput();
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end(), "the peer reads our FIN");
            p.y.getOutputStream().write(Payload.of(LATER, 2));
            ReusableTcpInfo info = new ReusableTcpInfo();
            Await.until("X reset by its own kernel", Duration.ofSeconds(5), () -> {
                x.tcpInfo(info);
                return info.state() == TcpState.CLOSE;
            });
            NativeSocketException reset = assertThrows(NativeSocketException.class,
                    () -> CloseEngine.finArrived(FdSocket.of(p.xChannel), true));
            assertEquals("ECONNRESET", reset.errnoName());
        }
    }

    /** The peer reads our FIN, then closes: what it had sent drained, then FIN. */
    private static void drainsThenEndsAtThePeersFin(Closing closing) throws Exception {
        try (LoopbackPair p = queuedAfterShutdownInput()) {
            CompletableFuture<CloseReport> f = closing.start(p);
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end(), "the peer reads our FIN");
            p.y.close();
            CloseReport report = f.get(20, TimeUnit.SECONDS);

            assertEquals(QUEUED, report.atStart().orElseThrow().unread(), report.toString());
            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertEquals(QUEUED, report.bytesDrained(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
        }
    }

    /** The peer reads our FIN, then sends more: X's kernel resets; ERROR, neither PEER_EOF nor PEER_RESET. */
    private static void reportsTheKernelsResetOfLateData(Closing closing) throws Exception {
        try (LoopbackPair p = queuedAfterShutdownInput()) {
            CompletableFuture<CloseReport> f = closing.start(p);
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end(), "the peer reads our FIN");
            p.y.getOutputStream().write(Payload.of(LATER, 2));
            CloseReport report = f.get(20, TimeUnit.SECONDS);

            assertEquals(DrainEnd.ERROR, report.drainEnd(), report.toString());
            assertEquals(QUEUED, report.bytesDrained(), report.toString());
            assertTrue(report.failure().orElseThrow().getMessage().contains("after shutdownInput()"), report.toString());
        }
    }

    /** The peer sends, then nothing: the drain reads it and ends idle, never at an EOF. */
    private static void reportsNoEofFromASilentPeer(Closing closing) throws Exception {
        try (LoopbackPair p = queuedAfterShutdownInput()) {
            CloseReport report = closing.start(p).get(20, TimeUnit.SECONDS);

            assertEquals(DrainEnd.IDLE_TIMEOUT, report.drainEnd(), report.toString());
            assertEquals(QUEUED, report.bytesDrained(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end(), "FIN, not RST, reached the peer");
        }
    }

    /** X's input shut down, then {@link #QUEUED} bytes from the peer queued unread at X. */
    private static LoopbackPair queuedAfterShutdownInput() throws Exception {
        LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL);
        p.xChannel.shutdownInput();
        p.y.getOutputStream().write(Payload.of(QUEUED, 1));
        NativeSocket x = NativeSocket.of(p.xChannel);
        Await.until(QUEUED + " bytes queued at X", Duration.ofSeconds(5), () -> x.unreadBytes() == QUEUED);
        return p;
    }
}
