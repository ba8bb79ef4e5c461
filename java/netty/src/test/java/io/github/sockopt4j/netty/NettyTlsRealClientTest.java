package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
            List.of(RealClient.OPENSSL_S_CLIENT, RealClient.PYTHON_SSL, RealClient.CURL_TLS);
    private static final int SIZE = 8 << 20;
    private static Path body;

    @BeforeAll
    static void body() throws Exception {
        body = Files.createTempFile("sockopt4j-tls-upload", ".bin");
        Files.write(body, new byte[SIZE]);
    }

    @AfterAll
    static void deleteBody() throws Exception {
        Files.deleteIfExists(body);
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
            List<String> outcomes = client.run(server.port(), body, NettyRealClientTest.TRIALS);
            List<CloseReport> reports = server.takeReports();
            Cells.print("HTTPS, handler", transport, client, SIZE, outcomes);
            assertEquals(NettyRealClientTest.TRIALS, Cells.count(outcomes, "413"), "trials that got the 413: "
                    + Cells.tally(outcomes));
            assertEquals(NettyRealClientTest.TRIALS, reports.size(), "one report per connection");
            for (CloseReport r : reports) {
                Cells.assertDrainedToTheEnd(transport, client, r);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("httpsCells")
    @Timeout(600)
    void withoutTheHandlerTheHttpsLossIsMeasured(NettyTransport transport, RealClient client) throws Exception {
        client.requireInstalled();
        try (EarlyResponseServer server = EarlyResponseServer.start(transport, null, TlsServers.open())) {
            List<String> outcomes = client.run(server.port(), body, NettyRealClientTest.TRIALS);
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
            List<String> outcomes = client.run(server.port(), body, NettyRealClientTest.TRIALS);
            List<CloseReport> reports = server.takeReports();
            Cells.print("TLS, handler", transport, client, SIZE, outcomes);
            assertEquals(NettyRealClientTest.TRIALS, outcomes.stream().filter(o -> o.contains("alert")).count(),
                    "trials that reported the server's alert: " + Cells.tally(outcomes));
            assertEquals(NettyRealClientTest.TRIALS, reports.size(), "one report per connection");
            for (CloseReport r : reports) {
                Cells.assertDrainedToTheEnd(transport, client, r);
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
            List<String> outcomes = client.run(server.port(), body, NettyRealClientTest.TRIALS);
            Cells.print("TLS, plain close", transport, client, SIZE, outcomes);
            assertEquals(NettyRealClientTest.TRIALS, outcomes.size());
        }
    }
}
