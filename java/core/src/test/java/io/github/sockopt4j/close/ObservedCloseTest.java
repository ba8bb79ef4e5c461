package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.close.ObservedClose;
import io.github.sockopt4j.testkit.Await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An observed close ({@link CloseMode#OBSERVE}) leaves the close to the caller and reports what
 * it sent: checked against what the peer then really reads (a reset, or the data and EOF).
 */
class ObservedCloseTest {
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final Duration WAIT = Duration.ofMillis(TIMEOUT_MILLIS);

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void unreadBytesMeanRstAndThePeerSeesTheReset(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair pair = LoopbackPair.open(kind); Listened listened = new Listened()) {
            pair.y.getOutputStream().write(new byte[3000]); // a request body the server never reads
            pair.x.getOutputStream().write(new byte[100]);  // its response
            Await.until("the body queued", WAIT, () -> pair.xNative().unreadBytes() == 3000);
            ObservedClose observed = ObservedClose.before(fd(pair), "x", null);
            pair.x.close();                                 // the server's own close, unchanged
            CloseReport report = observed.after("Test", null);

            assertEquals(CloseStrategy.OBSERVED, report.strategy());
            assertEquals(FinalSignal.RST, report.finalSignal(), report.toString());
            assertEquals(3000, report.atClose().orElseThrow().unread(), report.toString());
            assertEquals(0, report.bytesDrained());
            assertEquals(DrainEnd.NOT_APPLICABLE, report.drainEnd());
            // The peer's kernel: CLOSE after an RST (a java.net.Socket's close sends FIN first, so the
            // peer's read may end at EOF before the RST arrives; its state tells them apart).
            Await.until("the peer reset", WAIT, () -> peerState(pair) == TcpState.CLOSE);
            assertEquals(List.of("Test " + report), listened.reports, "the listeners got it");
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void nothingUnreadMeansFinAndThePeerReadsTheResponse(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair pair = LoopbackPair.open(kind)) {
            pair.x.getOutputStream().write(new byte[100]);
            ObservedClose observed = ObservedClose.before(fd(pair), "x", null);
            pair.x.close();
            CloseReport report = observed.after("Test", null);

            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            SocketQueues queues = report.atClose().orElseThrow();
            assertEquals(0, queues.unread(), report.toString());
            PeerRead read = PeerRead.readAll(pair.y, TIMEOUT_MILLIS);
            assertEquals(PeerRead.End.EOF, read.end());
            assertEquals(100, read.bytes());
            assertEquals(TcpState.CLOSE_WAIT, peerState(pair), "FIN, no reset");
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void aConnectionThePeerResetSendsNothing(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair pair = LoopbackPair.open(kind)) {
            pair.y.setSoLinger(true, 0);
            pair.y.close(); // RST to x
            Await.until("the reset arrived", WAIT, () -> fd(pair).tcpState() == TcpState.CLOSE);
            ObservedClose observed = ObservedClose.before(fd(pair), "x", null);
            pair.x.close();
            CloseReport report = observed.after("Test", null);
            assertEquals(FinalSignal.NONE, report.finalSignal(), report.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Kind.class)
    void aFailedLookNeverFailsTheCloseAndSaysUnknown(LoopbackPair.Kind kind) throws Exception {
        try (LoopbackPair pair = LoopbackPair.open(kind)) {
            FdSocket socket = fd(pair);
            pair.x.close(); // closed before the look: the look fails
            ObservedClose observed = ObservedClose.before(socket, "x", null);
            CloseReport report = observed.after("Test", null);
            assertEquals(FinalSignal.UNKNOWN, report.finalSignal(), report.toString());
            assertTrue(report.failure().isPresent(), report.toString());
            assertFalse(report.atClose().isPresent(), report.toString());
        }
    }

    private static TcpState peerState(LoopbackPair pair) throws IOException {
        return NativeSocket.of(pair.y).tcpInfo().state();
    }

    private static FdSocket fd(LoopbackPair pair) {
        return pair.xChannel != null ? FdSocket.of(pair.xChannel) : FdSocket.of(pair.x);
    }

    /** The reports the listeners get while open. */
    private static final class Listened implements AutoCloseable {
        final List<String> reports = new ArrayList<>();
        private final CloseListener.Subscription subscription = CloseListener.add((integration, report) -> {
            synchronized (reports) {
                reports.add(integration + " " + report);
            }
        });

        @Override
        public void close() {
            subscription.close();
        }
    }
}
