package io.github.sockopt4j.close;

import io.github.sockopt4j.SocketQueues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each way a lingering drain can end without the peer's EOF. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseDrainLimitsTest {

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void silentPeerEndsTheDrainAtTheIdleTimeout(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            DrainPolicy policy = DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofMillis(300));
            CloseReport report = p.lingering(policy);

            assertEquals(DrainEnd.IDLE_TIMEOUT, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            assertEquals(0, report.bytesDrained());
            long millis = report.elapsed().toMillis();
            assertTrue(millis >= 300 && millis < 3_000, report.toString());
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(p.y, 5_000).end());
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void tricklingPeerEndsTheDrainAtTheTotalTimeoutNotEarlier(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            // One byte every 200 ms never lets a 500 ms idle timer fire; only the 2 s total does.
            CompletableFuture<Long> trickle = Background.run("trickle",
                    () -> writeUntilFailure(p.y.getOutputStream(), 1, 50, 200));
            DrainPolicy policy = new DrainPolicy(Duration.ofMillis(500), Duration.ofSeconds(2), Long.MAX_VALUE, 512);
            CloseReport report = p.lingering(policy);

            assertEquals(DrainEnd.TOTAL_TIMEOUT, report.drainEnd(), report.toString());
            long millis = report.elapsed().toMillis();
            assertTrue(millis >= 2_000 && millis < 3_000, report.toString());
            assertTrue(report.bytesDrained() >= 5 && report.bytesDrained() <= 15, report.toString());
            p.y.close(); // ends the trickle
            trickle.get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Writes {@code chunk}-byte writes, at most {@code maxWrites}, pausing {@code pauseMillis}
     * after each (the scenario: a peer that sends slowly), until a write fails.
     */
    static long writeUntilFailure(OutputStream out, int chunk, int maxWrites, long pauseMillis)
            throws InterruptedException {
        byte[] bytes = new byte[chunk];
        long written = 0;
        try {
            for (int i = 0; i < maxWrites; i++) {
                out.write(bytes);
                written += chunk;
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (IOException closedOrReset) {
            // the scenario is over
        }
        return written;
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void endlessPeerEndsTheDrainAtTheByteCap(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            CompletableFuture<Long> stream = Background.run("stream",
                    () -> writeUntilFailure(p.y.getOutputStream(), 64 * 1024, 1 << 20, 0));
            int cap = 1 << 20;
            CloseReport report = p.lingering(DrainPolicy.DEFAULT.withMaxDrainBytes(cap));

            assertEquals(DrainEnd.BYTE_CAP, report.drainEnd(), report.toString());
            assertEquals(cap, report.bytesDrained());
            SocketQueues atClose = report.atClose().orElseThrow();
            assertEquals(atClose.unread() > 0 ? FinalSignal.RST : FinalSignal.FIN, report.finalSignal(),
                    report.toString());
            p.y.close(); // ends the stream if our close did not reset it
            stream.get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void peerResetEndsTheDrain(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(kind)) {
            CompletableFuture<PeerRead> peer = Background.run("reset", () -> {
                PeerRead read = PeerRead.readAll(p.y, 10_000); // EOF: X has shut down and drains
                p.y.setSoLinger(true, 0);
                p.y.close();
                return read;
            });
            CloseReport report = p.lingering(DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(10)));

            assertEquals(PeerRead.End.EOF, peer.get(10, TimeUnit.SECONDS).end());
            assertEquals(DrainEnd.PEER_RESET, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.NONE, report.finalSignal(), report.toString());
            assertTrue(report.failure().isPresent(), report.toString());
            assertTrue(report.elapsed().toMillis() < 5_000, report.toString());
        }
    }
}
