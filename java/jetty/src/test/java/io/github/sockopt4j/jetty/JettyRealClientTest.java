package io.github.sockopt4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.LingeringCloserStats;
import io.github.sockopt4j.testkit.SelfSignedTls;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.Outcomes;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;
import io.github.sockopt4j.testkit.servers.EarlyResponseJetty;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real HTTP clients upload 8 and 64 MiB (HTTPS: 8 MiB) to an embedded Jetty 12.1 (at its defaults)
 * that answers 413 after reading 100 bytes. With {@link LingeringServerConnector} every client gets
 * the 413 in every trial; the same Jetty with its own {@code ServerConnector}, in the same run,
 * loses it to the clients that stop at their first failed write. Trials per cell:
 * {@code -Dsockopt4j.trials} (10; 50 in {@code make test-slow}).
 */
class JettyRealClientTest {
    static final int TRIALS = Integer.getInteger("sockopt4j.trials", 10);
    static final List<RealClient> CLIENTS = List.of(RealClient.PYTHON_HTTP_CLIENT, RealClient.PYTHON_URLLIB,
            RealClient.PYTHON_REQUESTS, RealClient.WGET, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL);
    static final List<RealClient> TLS_CLIENTS = List.of(RealClient.OPENSSL_S_CLIENT, RealClient.PYTHON_SSL,
            RealClient.CURL_HTTPS);
    /**
     * Clients that read the response after a failed write, so that Jetty's reset rarely or never
     * costs them the 413 (measured; see docs/jetty.md). For these the control prints what happened
     * and asserts nothing.
     */
    static final Set<RealClient> DELIVER_BY_THEMSELVES = EnumSet.of(RealClient.PYTHON_REQUESTS, RealClient.CURL,
            RealClient.CURL_HTTPS, RealClient.OPENSSL_S_CLIENT, RealClient.JAVA_HTTP_CLIENT);
    static final int[] SIZES = {8 << 20, 64 << 20};
    private static final Map<Integer, Upload> UPLOADS = new TreeMap<>();

    @BeforeAll
    static void uploads() throws Exception {
        for (int size : SIZES) {
            UPLOADS.put(size, Upload.of(size, "/upload"));
        }
    }

    static Stream<Arguments> cells() {
        return Stream.concat(
                CLIENTS.stream().flatMap(c -> Arrays.stream(SIZES).mapToObj(size -> Arguments.of(c, size))),
                TLS_CLIENTS.stream().map(c -> Arguments.of(c, SIZES[0])));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void everyClientGetsThe413(RealClient client, int size) throws Exception {
        client.requireInstalled();
        try (EarlyResponseJetty jetty = start(LingeringServerConnector::new, client)) {
            List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, jetty.port(), UPLOADS.get(size),
                    pem(client), TRIALS);
            print("sockopt4j", client, size, outcomes);
            assertEquals(TRIALS, Outcomes.delivered(outcomes), "trials that got the 413: " + Outcomes.tally(outcomes));
            LingeringCloserStats stats = ((LingeringServerConnector) jetty.connector()).getLingeringStats();
            assertEquals(0, stats.overflowAborted() + stats.overflowPlain() + stats.rejected() + stats.failed(),
                    "every close lingered: " + stats);
        }
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void jettyAloneLosesIt(RealClient client, int size) throws Exception {
        client.requireInstalled();
        try (EarlyResponseJetty jetty = start(EarlyResponseJetty.JETTY_CONNECTOR, client)) {
            List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, jetty.port(), UPLOADS.get(size),
                    pem(client), TRIALS);
            print("Jetty alone", client, size, outcomes);
            assertEquals(TRIALS, outcomes.size());
            if (!DELIVER_BY_THEMSELVES.contains(client)) {
                assertTrue(Outcomes.delivered(outcomes) < TRIALS / 2.0, "Jetty's reset loses most 413s: "
                        + Outcomes.tally(outcomes));
            }
        }
    }

    private static EarlyResponseJetty start(EarlyResponseJetty.Connectors connectors, RealClient client)
            throws Exception {
        if (!client.tls()) {
            return EarlyResponseJetty.start(connectors, null, null);
        }
        SelfSignedTls tls = SelfSignedTls.get();
        return EarlyResponseJetty.start(connectors, tls.keyStore(), tls.password());
    }

    private static Path pem(RealClient client) throws Exception {
        return client.tls() ? SelfSignedTls.get().certificatePem() : null;
    }

    static void print(String server, RealClient client, int size, List<ClientOutcome> outcomes) {
        System.out.printf("[jetty-cell] %-13s %-20s %9d bytes: %s%n", server, client.id(), size,
                Outcomes.summary(outcomes));
    }
}
