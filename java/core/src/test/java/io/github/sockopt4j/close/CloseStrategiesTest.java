package io.github.sockopt4j.close;

import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.Payload;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The four strategies on an early response with the request unread, and at a peer reset, for a blocking SocketChannel and a Socket. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseStrategiesTest {
    private static final int PEER_READ_TIMEOUT_MILLIS = 10_000;

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void plainCloseWithUnreadRequestResetsAndLosesTheResponse(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            EarlyResponse.setUp(p);
            CloseReport report = p.plain();
            PeerRead read = PeerRead.readAll(p.y, PEER_READ_TIMEOUT_MILLIS);

            assertEquals(PeerRead.End.RESET, read.end(), "how Y's reads ended: " + read);
            assertTrue(read.bytes() < EarlyResponse.RESPONSE / 4, "Y got " + read.bytes() + " bytes");
            assertEquals(FinalSignal.RST, report.finalSignal(), report.toString());
            assertEquals(DrainEnd.NOT_APPLICABLE, report.drainEnd());
            assertEquals(EarlyResponse.UNREAD, report.atStart().orElseThrow().unread());
            assertTrue(report.atStart().orElseThrow().unsent() + report.atStart().orElseThrow().unacked() > EarlyResponse.RESPONSE / 2,
                    report.toString());
            assertFalse(p.xOpen());
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void lingeringCloseDeliversEveryByteAndEndsWithFin(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            EarlyResponse.setUp(p);
            CompletableFuture<PeerRead> peer = Background.run("peer", () -> readThenClose(p));
            CloseReport report = p.lingering(DrainPolicy.DEFAULT);
            PeerRead read = peer.join();

            EarlyResponse.assertReceivedWhole(read);
            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertEquals(EarlyResponse.UNREAD, report.bytesDrained());
            assertEquals(EarlyResponse.UNREAD, report.atStart().orElseThrow().unread());
            assertEquals(0, report.atClose().orElseThrow().unread());
            assertTrue(report.failure().isEmpty(), report.toString());
            assertTrue(report.toString().startsWith("LINGERING close: FIN after PEER_EOF, 64512 bytes drained, "),
                    report.toString());
            assertFalse(p.xOpen());
        }
    }

    /** Y reads the response to the end, then closes (its FIN ends X's drain). */
    static PeerRead readThenClose(LoopbackPair p) {
        PeerRead read = PeerRead.readAll(p.y, PEER_READ_TIMEOUT_MILLIS);
        try {
            p.y.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return read;
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void abortiveCloseResetsAndLeavesNoTimeWait(LoopbackPair.Kind kind) throws Exception {
        byte[] response = Payload.of(1000, 7);
        try (LoopbackPair control = LoopbackPair.open(kind); LoopbackPair p = LoopbackPair.open(kind)) {
            // Control: X closes first with FIN and Y answers with its own; X must sit in TIME_WAIT.
            // Without it (host's table at tcp_max_tw_buckets) "no TIME_WAIT" would prove nothing.
            control.plain();
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(control.y, PEER_READ_TIMEOUT_MILLIS).end());
            control.y.close();
            Await.until("TIME_WAIT after an orderly close", Duration.ofSeconds(5),
                    () -> TimeWait.count(control.xPort(), control.yPort()) == 1);

            p.x.getOutputStream().write(response);
            CloseReport report = p.abortive();
            PeerRead read = PeerRead.readAll(p.y, PEER_READ_TIMEOUT_MILLIS);

            assertEquals(PeerRead.End.RESET, read.end(), "how Y's reads ended: " + read);
            assertEquals(FinalSignal.RST, report.finalSignal(), report.toString());
            assertEquals(DrainEnd.NOT_APPLICABLE, report.drainEnd());
            assertEquals(0, TimeWait.count(p.xPort(), p.yPort()), "TIME_WAIT sockets of " + p);
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void afterAckedDeliversEverythingInFlight(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            CompletableFuture<PeerRead> peer = Background.run("peer", () -> PeerRead.readAll(p.y, PEER_READ_TIMEOUT_MILLIS));
            p.x.getOutputStream().write(EarlyResponse.RESPONSE_BYTES);
            CloseReport report = p.afterAcked(Duration.ofSeconds(10));
            PeerRead read = peer.join();

            EarlyResponse.assertReceivedWhole(read);
            assertEquals(DrainEnd.ACKED, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertTrue(report.atClose().orElseThrow().allAcked(), report.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void afterAckedWaitsForTheDelayedAckOfTheFin(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            // Y reads and stays open, so only our FIN is left to ACK, and Y's kernel delays that
            // ACK (TCP_DELACK_MIN, 40 ms; measured 46-57 ms here with the 10 ms poll step).
            CompletableFuture<PeerRead> peer = Background.run("peer", () -> PeerRead.readAll(p.y, PEER_READ_TIMEOUT_MILLIS));
            p.x.getOutputStream().write(Payload.of(1000, 9));
            Await.until("the response ACKed", Duration.ofSeconds(5), () -> p.xNative().sendQueueBytes() == 0);
            CloseReport report = p.afterAcked(Duration.ofSeconds(10));

            assertEquals(PeerRead.End.EOF, peer.join().end());
            assertEquals(DrainEnd.ACKED, report.drainEnd(), report.toString());
            assertTrue(report.atStart().orElseThrow().allAcked(), "nothing queued at the start: " + report);
            assertTrue(report.elapsed().toMillis() >= 25, report.toString());
            assertTrue(report.elapsed().toMillis() < 1_000, report.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void afterAckedStopsAtAPeerResetInsteadOfWaitingItsTimeout(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            // Y never reads, so most of X's 1 MiB stays queued at X (one write: the send buffer holds
            // it all); then Y resets the connection.
            p.x.setSendBufferSize(2 << 20);
            p.x.getOutputStream().write(Payload.of(1 << 20, 3));
            CompletableFuture<Void> reset = Background.run("peer", () -> {
                Await.until("X's data in flight", Duration.ofSeconds(5), () -> p.xNative().sendQueueBytes() > 0);
                Thread.sleep(100); // lets X enter its ACK wait first; the outcome does not depend on it
                p.y.setSoLinger(true, 0);
                p.y.close();
                return null;
            });
            CloseReport report = p.afterAcked(Duration.ofSeconds(20));
            reset.join();

            assertEquals(DrainEnd.PEER_RESET, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.NONE, report.finalSignal(), report.toString());
            assertTrue(report.elapsed().toMillis() < 5_000, report.toString());
        }
    }
}
