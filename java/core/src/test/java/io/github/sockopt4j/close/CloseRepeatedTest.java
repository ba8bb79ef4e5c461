package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In every run of the 4 MiB early-response case a lingering close loses no
 * byte and a plain close loses data. {@code -Dsockopt4j.closeRepeats=N} sets the number of runs.
 */
class CloseRepeatedTest {
    /** 1000 runs took 21 s on the shared 2-core development machine. */
    private static final int DEFAULT_REPEATS = 1000;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void lingeringNeverLosesAByteAndPlainAlwaysLoses() throws Exception {
        int repeats = Integer.getInteger("sockopt4j.closeRepeats", DEFAULT_REPEATS);
        long start = System.nanoTime();
        for (int run = 0; run < repeats; run++) {
            try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
                EarlyResponse.setUp(p);
                CompletableFuture<PeerRead> peer = Background.run("peer", () -> CloseStrategiesTest.readThenClose(p));
                CloseReport report = p.lingering(DrainPolicy.DEFAULT);
                PeerRead read = peer.get(30, TimeUnit.SECONDS);
                EarlyResponse.assertReceivedWhole(read);
                assertEquals(FinalSignal.FIN, report.finalSignal(), "run " + run + ": " + report);
            }
            try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
                EarlyResponse.setUp(p);
                CloseReport report = p.plain();
                PeerRead read = PeerRead.readAll(p.y, 10_000);
                assertEquals(PeerRead.End.RESET, read.end(), "run " + run + ": " + read + "; " + report);
                assertTrue(read.bytes() < EarlyResponse.RESPONSE, "run " + run + ": " + read);
                assertEquals(FinalSignal.RST, report.finalSignal(), "run " + run + ": " + report);
            }
        }
        System.out.printf("CloseRepeatedTest: %d runs of lingering + plain in %.1f s%n", repeats,
                (System.nanoTime() - start) / 1e9);
    }
}
