package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.OwnedFd;
import io.github.sockopt4j.internal.OwnedFdHandOver;
import io.github.sockopt4j.testkit.Await;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's hand-over without the agent: duplicate a JDK channel's fd, let the JDK close its
 * own, and let a {@link LingeringCloser} drain and close the duplicate. The early response that a
 * plain JDK close loses (same setup, same test class) arrives whole, and no fd is left behind.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OwnedFdCloseTest {
    private static final int PEER_READ_TIMEOUT_MILLIS = 10_000;

    @Test
    void theJdksOwnCloseLosesTheResponse() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            EarlyResponse.setUp(p);
            p.xChannel.close();
            PeerRead read = PeerRead.readAll(p.y, PEER_READ_TIMEOUT_MILLIS);
            assertEquals(PeerRead.End.RESET, read.end(), read.toString());
            assertTrue(read.bytes() < EarlyResponse.RESPONSE / 4, read.toString());
        }
    }

    @Test
    void theDuplicateDrainedByTheCloserDeliversTheResponseAndEndsWithFin() throws Exception {
        Fds.warmUp();
        try (LingeringCloser closer = LingeringCloser.start()) {
            long before = Fds.count();
            try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
                EarlyResponse.setUp(p);
                long inode = Fds.inodeOf(p.xChannel);
                OwnedFd dup = OwnedFd.duplicate(FdSocket.of(p.xChannel), p.xChannel.getRemoteAddress());
                assertEquals(2, Fds.referringTo(inode), "the JDK's fd and the duplicate");
                p.xChannel.close(); // the JDK releases its fd; the socket lives on in the duplicate
                assertFalse(p.xChannel.isOpen());
                assertEquals(1, Fds.referringTo(inode), "only the duplicate after the JDK's close");

                CompletableFuture<PeerRead> peer = Background.run("peer", () -> CloseStrategiesTest.readThenClose(p));
                CloseReport report = OwnedFdHandOver.submit(closer, dup).get(30, TimeUnit.SECONDS);
                EarlyResponse.assertReceivedWhole(peer.join());
                assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
                assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
                assertEquals(EarlyResponse.UNREAD, report.bytesDrained(), report.toString());
                assertEquals(EarlyResponse.UNREAD, report.atStart().orElseThrow().unread(), report.toString());
                assertTrue(dup.isClosed());
                assertEquals(0, Fds.referringTo(inode), "the duplicate is closed");
                // every call on the closed duplicate is refused, never made on a recycled number
                assertThrows(ClosedChannelException.class, () -> dup.socket().unreadBytes());
                dup.close(); // a second close does nothing
            }
            Await.until("fds back to " + before + ": " + Fds.list(), Duration.ofSeconds(5),
                    () -> Fds.count() <= before);
        }
    }

    @Test
    void aClosedChannelIsNotDuplicated() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            FdSocket jdk = FdSocket.of(p.xChannel);
            p.xChannel.close();
            assertThrows(ClosedChannelException.class, () -> OwnedFd.duplicate(jdk, null));
        }
    }

    @Test
    void aClosedCloserRefusesAndLeavesTheDuplicateToTheCaller() throws Exception {
        LingeringCloser closer = LingeringCloser.start();
        closer.close();
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            OwnedFd dup = OwnedFd.duplicate(FdSocket.of(p.xChannel), null);
            assertThrows(RejectedExecutionException.class, () -> OwnedFdHandOver.submit(closer, dup));
            assertFalse(dup.isClosed());
            dup.close();
            assertTrue(dup.isClosed());
        }
    }

    @Test
    void beyondMaxPendingAbortOverflowResetsTheDuplicate() throws Exception {
        LingeringCloserOptions options = LingeringCloserOptions.DEFAULT.withMaxPending(1).withOverflow(OverflowPolicy.ABORT);
        try (LingeringCloser closer = LingeringCloser.start(options);
             LoopbackPair first = LoopbackPair.open(LoopbackPair.Kind.CHANNEL);
             LoopbackPair second = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            // the first lingers (its peer neither sends nor closes) and holds the one slot
            OwnedFd one = OwnedFd.duplicate(FdSocket.of(first.xChannel), null);
            first.xChannel.close();
            CompletableFuture<CloseReport> lingering = OwnedFdHandOver.submit(closer, one);
            OwnedFd two = OwnedFd.duplicate(FdSocket.of(second.xChannel), null);
            second.xChannel.close();
            CloseReport aborted = OwnedFdHandOver.submit(closer, two).get(5, TimeUnit.SECONDS);
            assertEquals(CloseStrategy.ABORTIVE, aborted.strategy(), aborted.toString());
            assertEquals(FinalSignal.RST, aborted.finalSignal(), aborted.toString());
            assertTrue(two.isClosed());
            assertEquals(PeerRead.End.RESET, PeerRead.readAll(second.y, PEER_READ_TIMEOUT_MILLIS).end());
            assertFalse(lingering.isDone());
            first.y.close();
            assertEquals(DrainEnd.PEER_EOF, lingering.get(10, TimeUnit.SECONDS).drainEnd());
        }
    }
}
