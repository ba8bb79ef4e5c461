package io.github.sockopt4j.close;

import io.github.sockopt4j.TcpCounters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link CloseCountersTest} in a child JVM inside a network namespace of its own, where
 * nothing else moves the counters: each scenario asserts the exact deltas its close causes.
 * Exits 0 when all hold; prints each scenario's delta.
 */
public final class CloseCountersScenarios {
    private CloseCountersScenarios() {}

    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        check("plain close, 63 KiB unread", 1, 0, CloseCountersScenarios::plainWithUnread);
        check("abortive close", 0, 1, CloseCountersScenarios::abortive);
        check("lingering close, 63 KiB unread, 4 MiB queued", 0, 0, CloseCountersScenarios::lingering);
    }

    private static void check(String name, long abortOnClose, long abortOnData, Scenario scenario) throws Exception {
        TcpCounters before = TcpCounters.snapshot();
        scenario.run();
        TcpCounters delta = TcpCounters.delta(before, TcpCounters.snapshot());
        System.out.println(name + ": " + delta);
        assertEquals(abortOnClose, delta.get(TcpCounters.TCP_ABORT_ON_CLOSE), name + ": " + delta);
        assertEquals(abortOnData, delta.get(TcpCounters.TCP_ABORT_ON_DATA), name + ": " + delta);
        assertEquals(abortOnClose + abortOnData, delta.get(TcpCounters.OUT_RSTS), name + ": " + delta);
    }

    private static void plainWithUnread() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            EarlyResponse.setUp(p);
            p.plain();
            assertEquals(PeerRead.End.RESET, PeerRead.readAll(p.y, 10_000).end());
        }
    }

    private static void abortive() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            p.abortive();
            assertEquals(PeerRead.End.RESET, PeerRead.readAll(p.y, 10_000).end());
        }
    }

    private static void lingering() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            EarlyResponse.setUp(p);
            CompletableFuture<PeerRead> peer = Background.run("peer", () -> CloseStrategiesTest.readThenClose(p));
            p.lingering(DrainPolicy.DEFAULT);
            EarlyResponse.assertReceivedWhole(peer.get(30, TimeUnit.SECONDS));
        }
    }
}
