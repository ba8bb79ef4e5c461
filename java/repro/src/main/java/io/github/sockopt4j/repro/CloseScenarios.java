package io.github.sockopt4j.repro;

import static io.github.sockopt4j.repro.PeerEvent.DATA;
import static io.github.sockopt4j.repro.PeerEvent.EOF;
import static io.github.sockopt4j.repro.PeerEvent.EPIPE;
import static io.github.sockopt4j.repro.PeerEvent.WRITE_OK;

import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.testkit.Payload;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scenarios that close with sockopt4j's {@link Close} strategies: the fixes of the failures
 * in {@link Scenarios}, and the limits of a lingering close (a trickling peer, a silent one).
 * Policies are short so that a run takes about a second at most.
 */
final class CloseScenarios {
    /** Long enough never to fire when the peer closes at once. */
    static final DrainPolicy PATIENT = new DrainPolicy(Duration.ofSeconds(2), Duration.ofSeconds(5), Long.MAX_VALUE,
            32 * 1024);
    /** A trickle of one byte every {@link #TRICKLE} never trips the idle timeout: only the total one ends it. */
    static final DrainPolicy TOTAL_LIMITED = new DrainPolicy(Duration.ofMillis(500), Duration.ofSeconds(1),
            Long.MAX_VALUE, 32 * 1024);
    static final DrainPolicy IDLE_LIMITED = new DrainPolicy(Duration.ofMillis(300), Duration.ofSeconds(5),
            Long.MAX_VALUE, 32 * 1024);
    /** Not a divisor of the total timeout: no byte arrives at the instant the drain ends (100 ms either side). */
    static final Duration TRICKLE = Duration.ofMillis(300);
    static final int MAX_TRICKLES = 25;

    private static final Map<String, Long> NO_RST = Map.of("TCPAbortOnClose", 0L, "TCPAbortOnData", 0L,
            "TCPAbortOnLinger", 0L, "OutRsts", 0L);

    private CloseScenarios() {}

    static List<Scenario> all() {
        return List.of(
                new Scenario("tls-alert-lingering", "TLS alert, Close.lingering; Y sends later",
                        Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.FIN, Delivery.ALL, NO_RST, WRITE_OK, DATA, EOF)
                                .withDrainEnd(DrainEnd.PEER_EOF.name()),
                        CloseScenarios::tlsAlertLingering),
                new Scenario("lingering-large-reply", "256 KiB reply, Close.lingering; unread",
                        Scenarios.STUCK_RESPONSE,
                        Expectation.of(Emitted.FIN, Delivery.ALL, NO_RST, WRITE_OK, DATA, EOF)
                                .withDrainEnd(DrainEnd.PEER_EOF.name()),
                        CloseScenarios::largeReplyLingering),
                new Scenario("after-acked", "256 KiB reply, Close.afterAcked", Scenarios.STUCK_RESPONSE,
                        Expectation.of(Emitted.FIN, Delivery.ALL, NO_RST, WRITE_OK, DATA, EOF)
                                .withDrainEnd(DrainEnd.ACKED.name()),
                        CloseScenarios::afterAcked),
                new Scenario("lingering-trickle", "72 B reply, Close.lingering; Y trickles", Stage.Buffers.DEFAULT,
                        // The orphan's RST answers the next trickled byte (FIN_WAIT2 mini-socket: no TcpExt counter).
                        Expectation.of(Emitted.FIN_THEN_RST, Delivery.ALL,
                                Map.of("TCPAbortOnClose", 0L, "TCPAbortOnLinger", 0L, "OutRsts", 1L),
                                WRITE_OK, EPIPE, DATA, EOF)
                                .withCloseSeconds(1).withDrainEnd(DrainEnd.TOTAL_TIMEOUT.name()),
                        CloseScenarios::trickle),
                new Scenario("lingering-silent-peer", "72 B reply, Close.lingering; Y silent", Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.FIN, Delivery.ALL, NO_RST, WRITE_OK, DATA, EOF)
                                .withDrainEnd(DrainEnd.IDLE_TIMEOUT.name()),
                        CloseScenarios::silentPeer),
                new Scenario("after-acked-unread", "72 B reply, Close.afterAcked; unread", Stage.Buffers.DEFAULT,
                        // Every byte and the FIN are ACKed before the close, and the close still resets.
                        Expectation.of(Emitted.FIN_THEN_RST, Delivery.ALL, Map.of("TCPAbortOnClose", 1L, "OutRsts", 1L),
                                WRITE_OK, DATA, EOF, EPIPE)
                                .withDrainEnd(DrainEnd.ACKED.name()),
                        CloseScenarios::afterAckedUnread));
    }

    /** The founding case fixed: Y's late bytes are read and dropped, Y reads the alert and EOF. */
    private static void tlsAlertLingering(Stage stage) throws Exception {
        ServerLog x = stage.server();
        Scenarios.request(stage, Scenarios.REQUEST);
        x.write(Payload.tlsFatalAlert());
        stage.clientAsync(c -> {
            c.write(Scenarios.LATE);
            c.readToEnd();
            c.channel().close(); // Y's FIN ends X's drain
        });
        x.closeWith(() -> Close.lingering(x.channel(), PATIENT));
    }

    /** unread-close-large fixed: the drain keeps the socket alive until Y has read everything. */
    private static void largeReplyLingering(Stage stage) throws Exception {
        ServerLog x = stage.server();
        Scenarios.request(stage, 16);
        x.write(Scenarios.LARGE);
        stage.clientAsync(c -> {
            c.readToEnd();
            c.channel().close();
        });
        x.closeWith(() -> Close.lingering(x.channel(), PATIENT));
    }

    /** The peer will send nothing more: wait until its kernel ACKed everything, then close. */
    private static void afterAcked(Stage stage) throws Exception {
        ServerLog x = stage.server();
        Scenarios.request(stage, Scenarios.REQUEST);
        x.write(Scenarios.LARGE);
        stage.clientAsync(ClientLog::readToEnd);
        x.closeWith(() -> Close.afterAcked(x.channel(), Duration.ofSeconds(5)));
    }

    /**
     * Waiting until the peer ACKed everything does not help when request bytes are unread: the
     * close after the wait still sends RST. Y has the reply and the FIN; its next write fails.
     */
    private static void afterAckedUnread(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        Scenarios.request(stage, 16);
        x.write(Scenarios.SMALL);
        x.closeWith(() -> Close.afterAcked(x.channel(), Duration.ofSeconds(5)));
        y.awaitReset(Scenarios.RESET_ARRIVES);
        y.readToEnd();
        y.write(Scenarios.LATE);
    }

    /** A peer that sends one byte now and then never trips the idle timeout: the total one ends it. */
    private static void trickle(Stage stage) throws Exception {
        ServerLog x = stage.server();
        Scenarios.request(stage, Scenarios.REQUEST);
        x.write(Scenarios.SMALL);
        stage.clientAsync(c -> {
            for (int i = 0; i < MAX_TRICKLES && c.write(new byte[] {'.'}); i++) {
                Thread.sleep(TRICKLE.toMillis()); // the pace is the scenario: a slow peer, not a wait
            }
            c.readToEnd();
        });
        x.closeWith(() -> Close.lingering(x.channel(), TOTAL_LIMITED));
    }

    /** A peer that neither sends nor closes: the idle timeout ends the drain, and the close is a FIN. */
    private static void silentPeer(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        Scenarios.request(stage, Scenarios.REQUEST);
        x.write(Scenarios.SMALL);
        x.closeWith(() -> Close.lingering(x.channel(), IDLE_LIMITED));
        y.readToEnd();
    }
}
