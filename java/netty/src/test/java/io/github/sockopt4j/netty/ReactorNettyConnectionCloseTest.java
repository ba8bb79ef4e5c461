package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * reactor-netty (the server under Spring WebFlux) answering with {@code Connection: close} over
 * HTTPS: it writes the response and its {@code close_notify}, and closes; the client's own
 * {@code close_notify} then reaches a closed socket, whose kernel answers with RST. The client
 * ({@link RealClient#PYTHON_SSL_CLOSE_NOTIFY}) reads the response, sends its {@code close_notify}, and asks its kernel
 * whether the connection was reset. With the handler added first through {@code doOnChannelInit}
 * (before reactor-netty's {@code SslHandler}) every close drains that {@code close_notify} and
 * ends in FIN; without it the resets are counted and printed.
 */
@Timeout(300)
class ReactorNettyConnectionCloseTest {

    @Test
    void theClientsCloseNotifyIsDrainedWithTheHandler() throws Exception {
        Queue<CloseReport> reports = new ConcurrentLinkedQueue<>();
        List<ClientOutcome> outcomes = run(HttpServer.create().doOnChannelInit((observer, channel, remote) -> {
            LingeringCloseHandler handler = new LingeringCloseHandler();
            handler.closeReport().thenAccept(reports::add);
            channel.pipeline().addFirst(handler);
        }));
        print("handler", outcomes);
        assertEquals(NettyRealClientTest.TRIALS, Cells.delivered(outcomes), "clean closes: " + Cells.tally(outcomes));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reports.size() < NettyRealClientTest.TRIALS && System.nanoTime() < deadline) {
            Thread.sleep(10); // the last reports complete on the event loop after the client's close
        }
        List<CloseReport> all = new ArrayList<>(reports);
        assertEquals(NettyRealClientTest.TRIALS, all.size(), "one report per connection");
        for (CloseReport r : all) {
            assertEquals(DrainEnd.PEER_EOF, r.drainEnd(), r.toString());
            assertEquals(FinalSignal.FIN, r.finalSignal(), r.toString());
            assertTrue(r.bytesDrained() > 0, "the client's close_notify was drained: " + r);
        }
    }

    /** The close_notify always arrives after the close, so most trials see the reset. */
    @Test
    void withoutTheHandlerTheResetsAreCounted() throws Exception {
        List<ClientOutcome> outcomes = run(HttpServer.create());
        print("plain close", outcomes);
        assertEquals(NettyRealClientTest.TRIALS, outcomes.size());
        assertTrue(outcomes.stream().filter(o -> o.text().startsWith("reset")).count() > NettyRealClientTest.TRIALS / 2,
                "resets without the handler: " + Cells.tally(outcomes));
    }

    /**
     * {@code Connection.addHandlerFirst} puts a handler after reactor-netty's codecs, so after its
     * {@code SslHandler}: the wrong place (measured and printed, not a way to use the handler).
     */
    @Test
    void addHandlerFirstIsAfterTheSslHandler() throws Exception {
        List<ClientOutcome> outcomes = run(HttpServer.create()
                .doOnConnection(connection -> connection.addHandlerFirst(new LingeringCloseHandler())));
        print("addHandlerFirst", outcomes);
        assertEquals(NettyRealClientTest.TRIALS, outcomes.size());
    }

    private static List<ClientOutcome> run(HttpServer server) throws Exception {
        RealClient.PYTHON_SSL_CLOSE_NOTIFY.requireInstalled();
        Http11SslContextSpec tls = TlsServers.reactorSpec();
        DisposableServer bound = server.host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(tls))
                .handle((request, response) -> response.header("Connection", "close").sendString(Mono.just("hello\n")))
                .bindNow(Duration.ofSeconds(10));
        try {
            // a GET of "/": the client sends no body
            return RealClient.PYTHON_SSL_CLOSE_NOTIFY.trials(Expected.CLEAN_TLS_CLOSE, bound.port(), Upload.of(0, "/"),
                    TlsServers.certificatePem(), NettyRealClientTest.TRIALS);
        } finally {
            bound.disposeNow(Duration.ofSeconds(10));
        }
    }

    private static void print(String server, List<ClientOutcome> outcomes) {
        System.out.printf("[netty-cell] reactor-netty %-11s HTTPS GET, Connection: close: %s%n", server, Cells.tally(outcomes));
    }
}
