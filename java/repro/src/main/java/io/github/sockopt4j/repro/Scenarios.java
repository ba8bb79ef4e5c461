package io.github.sockopt4j.repro;

import static io.github.sockopt4j.repro.PeerEvent.DATA;
import static io.github.sockopt4j.repro.PeerEvent.ECONNRESET;
import static io.github.sockopt4j.repro.PeerEvent.EOF;
import static io.github.sockopt4j.repro.PeerEvent.EPIPE;
import static io.github.sockopt4j.repro.PeerEvent.WRITE_OK;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.Shutdown;
import io.github.sockopt4j.testkit.Payload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of reproductions. Sizes are small so that a run takes milliseconds: Y's receive
 * buffer of 8 KiB (16 KiB after the kernel doubles it) keeps most of a 256 KiB response in X's
 * send queue, and X's 512 KiB send buffer lets one write of that response return at once, so
 * "X's write returned" and "Y got the bytes" are visibly different things.
 */
final class Scenarios {
    static final int REQUEST = 4096;
    static final int SMALL_RESPONSE = 72;
    static final int LARGE_RESPONSE = 256 * 1024;
    static final int LATE_DATA = 1000;
    static final Duration RESET_ARRIVES = Duration.ofSeconds(2);

    /** Y's window small, X's send buffer big enough for the whole large response. */
    static final Stage.Buffers STUCK_RESPONSE = new Stage.Buffers(8192, 512 * 1024, 0);
    /** X's receive window small, so that an upload from Y blocks. */
    static final Stage.Buffers SMALL_SERVER_WINDOW = new Stage.Buffers(0, 0, 8192);

    static final byte[] REQUEST_BYTES = Payload.of(REQUEST, 1);
    static final byte[] SMALL = Payload.of(SMALL_RESPONSE, 2);
    static final byte[] LARGE = Payload.of(LARGE_RESPONSE, 3);
    static final byte[] LATE = Payload.of(LATE_DATA, 4);
    /** More than X's receive window and Y's largest send buffer (4 MiB here) hold: one write blocks. */
    static final byte[] BLOCKED_UPLOAD = new byte[16 << 20];

    private static final Map<String, Long> ABORT_ON_CLOSE = Map.of("TCPAbortOnClose", 1L, "OutRsts", 1L);
    private static final Map<String, Long> ABORT_ON_DATA = Map.of("TCPAbortOnData", 1L, "OutRsts", 1L);
    private static final Map<String, Long> NO_RST = Map.of("TCPAbortOnClose", 0L, "TCPAbortOnData", 0L,
            "TCPAbortOnLinger", 0L, "OutRsts", 0L);

    private Scenarios() {}

    /** Every scenario, in the order of the table: the failures, then the Close strategies. */
    static List<Scenario> all() {
        List<Scenario> all = new java.util.ArrayList<>(failures());
        all.addAll(CloseScenarios.all());
        return List.copyOf(all);
    }

    /** The scenarios that close with the kernel's, the JDK's and NativeSocket's calls. */
    private static List<Scenario> failures() {
        return List.of(
                new Scenario("tls-alert-unread", "TLS alert, close(); Y's bytes unread", Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, ECONNRESET, DATA, EOF),
                        Scenarios::tlsAlertUnread),
                new Scenario("tls-alert-late-data", "TLS alert, close(); Y sends later", Stage.Buffers.DEFAULT,
                        // Whether TCPAbortOnData moves depends on a delayed ACK (whether the orphan is still in FIN_WAIT1): not asserted.
                        Expectation.of(Emitted.FIN_THEN_RST, Delivery.ALL, Map.of("OutRsts", 1L, "TCPAbortOnClose", 0L),
                                WRITE_OK, EPIPE, DATA, EOF),
                        Scenarios::tlsAlertLateData),
                new Scenario("unread-close-small", "72 B reply, close(); request unread", Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, DATA, ECONNRESET),
                        stage -> replyAndClose(stage, SMALL, 16, Optional.empty())),
                new Scenario("unread-close-large", "256 KiB reply, close(); request unread", STUCK_RESPONSE,
                        Expectation.of(Emitted.RST, Delivery.PARTIAL, ABORT_ON_CLOSE, WRITE_OK, DATA, ECONNRESET),
                        stage -> replyAndClose(stage, LARGE, 16, Optional.empty())),
                new Scenario("abortive-linger-zero", "72 B reply, SO_LINGER{1,0}, close()", Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_DATA, WRITE_OK, DATA, ECONNRESET),
                        stage -> replyAndClose(stage, SMALL, REQUEST, Optional.of(Linger.abortive()))),
                new Scenario("shutwr-close-small", "72 B reply, SHUT_WR, close(); unread", Stage.Buffers.DEFAULT,
                        // Masked: Y reads everything and EOF; only its next write learns of the RST.
                        Expectation.of(Emitted.FIN_THEN_RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, DATA, EOF, EPIPE),
                        stage -> shutWriteThenClose(stage, SMALL)),
                new Scenario("shutwr-close-large", "256 KiB reply, SHUT_WR, close(); unread", STUCK_RESPONSE,
                        // The FIN waits behind the unsent data, so it never leaves: a bare RST.
                        Expectation.of(Emitted.RST, Delivery.PARTIAL, ABORT_ON_CLOSE, WRITE_OK, DATA, ECONNRESET),
                        stage -> shutWriteThenClose(stage, LARGE)),
                new Scenario("late-data-large", "256 KiB reply, close(); Y sends later", STUCK_RESPONSE,
                        Expectation.of(Emitted.RST, Delivery.PARTIAL, ABORT_ON_DATA, WRITE_OK, DATA, ECONNRESET),
                        Scenarios::lateDataLarge),
                new Scenario("shutrd-trap", "SHUT_RD, Y sends, reply, close()", Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, DATA, ECONNRESET)
                                .withNote("server.unreadAfterShutRd", String.valueOf(LATE_DATA)),
                        stage -> readShutdownTrap(stage, false)),
                new Scenario("jdk-shutdown-input-trap", "shutdownInput(), Y sends, reply, close()",
                        Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, DATA, ECONNRESET)
                                .withNote("server.unreadAfterShutRd", String.valueOf(LATE_DATA))
                                .withNote("server.javaReadAfterShutdownInput", "-1"),
                        stage -> readShutdownTrap(stage, true)),
                new Scenario("linger-timed-blocks", "256 KiB reply, SO_LINGER{1,1}, non-blocking close()",
                        STUCK_RESPONSE,
                        Expectation.of(Emitted.FIN, Delivery.ALL, NO_RST, WRITE_OK, DATA, EOF).withCloseSeconds(1),
                        Scenarios::lingerTimedBlocks),
                new Scenario("linger-timed-unread", "72 B reply, SO_LINGER{1,1}, close(); unread",
                        Stage.Buffers.DEFAULT,
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, DATA, ECONNRESET),
                        stage -> replyAndClose(stage, SMALL, 16, Optional.of(Linger.of(Duration.ofSeconds(1))))),
                new Scenario("early-response-client", "reads the 4 KiB headers, none of the upload; 72 B reply, close()",
                        SMALL_SERVER_WINDOW,
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, ECONNRESET, DATA, EOF),
                        Scenarios::earlyResponse),
                new Scenario("abortive-large-reply", "256 KiB reply, SO_LINGER{1,0}, close()", STUCK_RESPONSE,
                        // The RST drops what Y's window had not yet taken: the reply is cut short.
                        Expectation.of(Emitted.RST, Delivery.PARTIAL, ABORT_ON_DATA, WRITE_OK, DATA, ECONNRESET),
                        stage -> replyAndClose(stage, LARGE, REQUEST, Optional.of(Linger.abortive()))),
                new Scenario("alert-eof-then-write", "TLS alert, close(); Y reads all, then sends",
                        Stage.Buffers.DEFAULT,
                        // As tls-alert-late-data, TCPAbortOnData depends on a delayed ACK: not asserted.
                        Expectation.of(Emitted.FIN_THEN_RST, Delivery.ALL, Map.of("OutRsts", 1L, "TCPAbortOnClose", 0L),
                                WRITE_OK, DATA, EOF, WRITE_OK, EPIPE),
                        Scenarios::alertEofThenWrite),
                new Scenario("so-error-takes-reset", "72 B reply, close(); Y reads SO_ERROR first",
                        Stage.Buffers.DEFAULT,
                        // SO_ERROR hands the reset over once: Y's reads then end in a plain EOF.
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, DATA, EOF)
                                .withNote(ClientLog.SO_ERROR_NOTE, "ECONNRESET"),
                        Scenarios::soErrorTakesReset),
                new Scenario("blocked-write-close", "72 B reply, close(); Y blocked in a 16 MiB write",
                        SMALL_SERVER_WINDOW,
                        // The blocked call returns what it had queued; the next call gets the reset.
                        Expectation.of(Emitted.RST, Delivery.ALL, ABORT_ON_CLOSE, WRITE_OK, ECONNRESET, DATA, EOF)
                                .withNote(ClientLog.BLOCKED_WRITE_NOTE, "PARTIAL"),
                        Scenarios::blockedWriteClose));
    }

    /** The scenario called {@code id}. */
    static Optional<Scenario> byId(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    // ---- steps ------------------------------------------------------------------------------

    /**
     * Y sends its request; X reads {@code consumed} bytes of it, and when that is not all, waits
     * until the rest sits unread in its receive queue (so that a close now would reset).
     */
    static void request(Stage stage, int consumed) throws Exception {
        stage.client().write(REQUEST_BYTES);
        stage.server().read(consumed);
        if (consumed < REQUEST) {
            stage.awaitServerUnread(REQUEST - consumed);
        }
    }

    /** Y sends a request; X reads {@code consumed} bytes of it, replies, optionally sets SO_LINGER, closes. */
    private static void replyAndClose(Stage stage, byte[] reply, int consumed, Optional<Linger> linger)
            throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, consumed);
        x.write(reply);
        if (linger.isPresent()) {
            x.socket().setLinger(linger.get());
        }
        x.close(() -> x.channel().close());
        y.awaitReset(RESET_ARRIVES);
        y.readToEnd();
    }

    /** The founding case, first form: X has not read all of Y's handshake when it sends the alert. */
    private static void tlsAlertUnread(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, 5); // X reads one TLS record header
        x.write(Payload.tlsFatalAlert());
        x.close(() -> x.channel().close());
        y.awaitReset(RESET_ARRIVES);
        y.write(LATE); // Y is still sending: the reset is reported to this write
        y.readToEnd(); // ... and the alert is still there to read
    }

    /** The founding case as Weimer put it: alert, close, then Y sends, X's kernel answers RST. */
    private static void tlsAlertLateData(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, REQUEST);
        x.write(Payload.tlsFatalAlert());
        x.close(() -> x.channel().close());
        y.write(LATE);
        y.awaitReset(RESET_ARRIVES);
        y.write(LATE);
        y.readToEnd();
    }

    /**
     * Y reads the alert and the EOF before it writes again: its write is accepted (locally), X's
     * kernel answers it with RST, and only the write after that fails, with EPIPE (the FIN came
     * first). A client that writes before it reads never sees the alert's EOF this way.
     */
    private static void alertEofThenWrite(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, REQUEST);
        x.write(Payload.tlsFatalAlert());
        x.close(() -> x.channel().close());
        y.readToEnd();
        y.write(LATE);
        y.awaitReset(RESET_ARRIVES);
        y.write(LATE);
    }

    /**
     * A client (or a library, or a health check) that polls {@code getsockopt(SO_ERROR)} takes
     * the pending ECONNRESET: its reads then return the reply and a plain EOF, and the reset is
     * never reported by a read or a write.
     */
    private static void soErrorTakesReset(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, 16);
        x.write(SMALL);
        x.close(() -> x.channel().close());
        y.awaitReset(RESET_ARRIVES);
        y.takePendingError();
        y.readToEnd();
    }

    /**
     * Y is inside one large write when X closes: the call returns a partial count (what the
     * kernel had queued), and only the next call fails. A client that treats a short write as
     * success learns of the reset one call later.
     */
    private static void blockedWriteClose(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        y.write(REQUEST_BYTES); // the headers
        stage.clientAsync(c -> {
            c.writeInOneCall(BLOCKED_UPLOAD);
            c.readToEnd();
        });
        x.read(REQUEST);
        stage.awaitServerUnreadSome(); // the body is arriving: Y is inside its one write
        x.write(SMALL);
        x.close(() -> x.channel().close());
    }

    private static void shutWriteThenClose(Stage stage, byte[] reply) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, 16);
        x.write(reply);
        x.close(() -> {
            x.channel().shutdownOutput();
            x.channel().close();
        });
        y.awaitReset(RESET_ARRIVES);
        y.readToEnd();
        if (reply.length == SMALL_RESPONSE) {
            y.write(LATE); // the one call that learns of the RST
        }
    }

    /** S8: X read everything and closed with its reply still queued; Y's late bytes reset it. */
    private static void lateDataLarge(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, REQUEST);
        x.write(LARGE);
        x.close(() -> x.channel().close());
        y.write(LATE);
        y.awaitReset(RESET_ARRIVES);
        y.readToEnd();
    }

    /** SHUT_RD (native or the JDK's shutdownInput) discards nothing on Linux; close() still resets. */
    private static void readShutdownTrap(Stage stage, boolean jdk) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, REQUEST);
        if (jdk) {
            x.channel().shutdownInput();
        } else {
            x.socket().shutdown(Shutdown.READ);
        }
        y.write(LATE);
        stage.awaitServerUnread(LATE_DATA);
        x.note("server.unreadAfterShutRd", x.socket().unreadBytes());
        if (jdk) {
            x.note("server.javaReadAfterShutdownInput", x.channel().read(java.nio.ByteBuffer.allocate(1)));
        }
        x.write(SMALL);
        x.close(() -> x.channel().close());
        y.awaitReset(RESET_ARRIVES);
        y.readToEnd();
    }

    /** SO_LINGER{1,1} blocks even a non-blocking close until the FIN is ACKed: here, the full second. */
    private static void lingerTimedBlocks(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        request(stage, REQUEST);
        x.channel().configureBlocking(false);
        x.write(LARGE); // fits X's send buffer: returns at once
        x.socket().setLinger(Linger.of(Duration.ofSeconds(1)));
        x.close(() -> x.channel().close());
        y.readToEnd(); // only now does Y read: the orphan delivers everything
    }

    /** An upload X does not want: Y's write fails first; does Y still read X's reply? */
    private static void earlyResponse(Stage stage) throws Exception {
        ClientLog y = stage.client();
        ServerLog x = stage.server();
        y.write(REQUEST_BYTES); // the headers
        stage.clientAsync(c -> {
            c.writeUntilFailure(16 * 1024, 64L * 1024 * 1024); // the body, until X's RST stops it
            c.readToEnd();
        });
        x.read(REQUEST);
        stage.awaitServerUnreadSome();
        x.write(SMALL);
        x.close(() -> x.channel().close());
    }
}
