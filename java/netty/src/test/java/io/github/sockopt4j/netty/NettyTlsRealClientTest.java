package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over TLS, the server's 413 with {@code Connection: close} is followed by {@code SslHandler}'s
 * {@code close_notify} and the close; the client's own {@code close_notify} and the rest of its
 * upload must be drained. With {@link LingeringCloseHandler} every HTTPS client gets the 413.
 *
 * <p>And a Netty TLS server ({@code SslHandler}) that requires a client certificate the client lacks,
 * while the client streams 8 MiB: the handshake fails, {@code SslHandler} writes the fatal alert and
 * the server closes. With {@link LingeringCloseHandler} every client reports the server's alert in
 * every trial and every close ends in FIN; without it the loss is measured and printed.
 */
class NettyTlsRealClientTest {
    private static final List<RealClient> TLS_CLIENTS =
            List.of(RealClient.OPENSSL_S_CLIENT, RealClient.PYTHON_SSL, RealClient.CURL_HTTPS);
    private static final int SIZE = 8 << 20;
    private static Upload upload;

    @BeforeAll
    static void upload() throws Exception {
        upload = Upload.of(SIZE, "/upload");
    }

    static Stream<Arguments> httpsCells() {
        return Stream.of(NettyTransport.values()).flatMap(t -> Stream.of(RealClient.PYTHON_HTTPS_CLIENT,
                RealClient.CURL_HTTPS).map(c -> Arguments.of(t, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("httpsCells")
    @Timeout(600)
    void everyHttpsClientGetsThe413WithTheHandler(NettyTransport transport, RealClient client) throws Exception {
        client.requireInstalled();
        try (EarlyResponseServer server = EarlyResponseServer.start(transport, DrainPolicy.DEFAULT, TlsServers.open())) {
            List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, server.port(), upload,
                    TlsServers.certificatePem(), NettyRealClientTest.TRIALS);
            List<CloseReport> reports = server.takeReports();
            Cells.print("HTTPS, handler", transport, client, SIZE, outcomes);
            assertEquals(NettyRealClientTest.TRIALS, Cells.delivered(outcomes), "trials that got the 413: "
                    + Cells.tally(outcomes));
            assertEquals(NettyRealClientTest.TRIALS, reports.size(), "one report per connection");
            for (CloseReport r : reports) {
                Cells.assertDrainedToTheEnd(transport, client, Expected.STATUS_413, r);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("httpsCells")
    @Timeout(600)
    void withoutTheHandlerTheHttpsLossIsMeasured(NettyTransport transport, RealClient client) throws Exception {
        client.requireInstalled();
        try (EarlyResponseServer server = EarlyResponseServer.start(transport, null, TlsServers.open())) {
            List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, server.port(), upload,
                    TlsServers.certificatePem(), NettyRealClientTest.TRIALS);
            Cells.print("HTTPS, plain close", transport, client, SIZE, outcomes);
            assertEquals(NettyRealClientTest.TRIALS, outcomes.size());
        }
    }

    static Stream<Arguments> cells() {
        return Stream.of(NettyTransport.values()).flatMap(t -> TLS_CLIENTS.stream().map(c -> Arguments.of(t, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    @Timeout(600)
    void everyClientGetsTheAlertWithTheHandler(NettyTransport transport, RealClient client) throws Exception {
        client.requireInstalled();
        try (EarlyResponseServer server = EarlyResponseServer.start(transport, DrainPolicy.DEFAULT,
                TlsServers.requiringClientCertificate())) {
            List<ClientOutcome> outcomes = client.trials(Expected.TLS_ALERT, server.port(), upload,
                    TlsServers.certificatePem(), NettyRealClientTest.TRIALS);
            List<CloseReport> reports = server.takeReports();
            Cells.print("TLS, handler", transport, client, SIZE, outcomes);
            assertEquals(NettyRealClientTest.TRIALS, Cells.delivered(outcomes),
                    "trials that reported the server's alert: " + Cells.tally(outcomes));
            assertEquals(NettyRealClientTest.TRIALS, reports.size(), "one report per connection");
            for (CloseReport r : reports) {
                Cells.assertDrainedToTheEnd(transport, client, Expected.TLS_ALERT, r);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    @Timeout(600)
    void withoutTheHandlerTheLossIsMeasured(NettyTransport transport, RealClient client) throws Exception {
        client.requireInstalled();
        try (EarlyResponseServer server = EarlyResponseServer.start(transport, null,
                TlsServers.requiringClientCertificate())) {
            List<ClientOutcome> outcomes = client.trials(Expected.TLS_ALERT, server.port(), upload,
                    TlsServers.certificatePem(), NettyRealClientTest.TRIALS);
            Cells.print("TLS, plain close", transport, client, SIZE, outcomes);
            assertEquals(NettyRealClientTest.TRIALS, outcomes.size());
        }
    }
}
