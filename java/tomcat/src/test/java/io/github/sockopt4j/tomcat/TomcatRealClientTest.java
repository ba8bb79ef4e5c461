package io.github.sockopt4j.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.LingeringCloserStats;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.Outcomes;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;
import io.github.sockopt4j.testkit.servers.EarlyResponseTomcat;

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
 * Real HTTP clients upload 8 and 64 MiB to an embedded Tomcat 11 (at its defaults) that answers 413
 * after reading 100 bytes. With {@link LingeringHttp11NioProtocol} every client gets the 413 in
 * every trial; the same Tomcat with its own protocol, in the same run, loses it to the clients that
 * stop at their first failed write. Trials per cell: {@code -Dsockopt4j.trials} (10; 50 in
 * {@code make test-slow}).
 */
class TomcatRealClientTest {
    static final int TRIALS = Integer.getInteger("sockopt4j.trials", 10);
    static final List<RealClient> CLIENTS = List.of(RealClient.PYTHON_HTTP_CLIENT, RealClient.PYTHON_URLLIB,
            RealClient.PYTHON_REQUESTS, RealClient.WGET, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL);
    /**
     * Clients that read the response after a failed write, so that Tomcat's reset rarely or never
     * costs them the 413: requests (urllib3), curl, and the JDK's HttpClient (which loses it only
     * sometimes). For these the control prints what happened and asserts nothing.
     */
    static final Set<RealClient> DELIVER_BY_THEMSELVES =
            EnumSet.of(RealClient.PYTHON_REQUESTS, RealClient.CURL, RealClient.JAVA_HTTP_CLIENT);
    static final int[] SIZES = {8 << 20, 64 << 20};
    private static final Map<Integer, Upload> UPLOADS = new TreeMap<>();

    @BeforeAll
    static void uploads() throws Exception {
        for (int size : SIZES) {
            UPLOADS.put(size, Upload.of(size, "/upload"));
        }
    }

    static Stream<Arguments> cells() {
        return CLIENTS.stream().flatMap(c -> java.util.Arrays.stream(SIZES).mapToObj(size -> Arguments.of(c, size)));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void everyClientGetsThe413(RealClient client, int size) throws Exception {
        client.requireInstalled();
        try (EarlyResponseTomcat tomcat = EarlyResponseTomcat.start(LingeringHttp11NioProtocol.class.getName(), null, null, Map.of())) {
            List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, tomcat.port(), UPLOADS.get(size), null, TRIALS);
            print("sockopt4j", client, size, outcomes);
            assertEquals(TRIALS, Outcomes.delivered(outcomes), "trials that got the 413: " + Outcomes.tally(outcomes));
            LingeringCloserStats stats = ((LingeringHttp11NioProtocol) tomcat.protocol()).getLingeringStats();
            assertEquals(0, stats.overflowAborted() + stats.overflowPlain() + stats.rejected() + stats.failed(),
                    "every close lingered: " + stats);
        }
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void tomcatAloneLosesIt(RealClient client, int size) throws Exception {
        client.requireInstalled();
        try (EarlyResponseTomcat tomcat = EarlyResponseTomcat.start(EarlyResponseTomcat.TOMCAT_PROTOCOL, null, null, Map.of())) {
            List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, tomcat.port(), UPLOADS.get(size), null, TRIALS);
            print("Tomcat alone", client, size, outcomes);
            assertEquals(TRIALS, outcomes.size());
            if (!DELIVER_BY_THEMSELVES.contains(client)) {
                assertTrue(Outcomes.delivered(outcomes) < TRIALS / 2.0, "Tomcat's reset loses most 413s: " + Outcomes.tally(outcomes));
            }
        }
    }

    static void print(String server, RealClient client, int size, List<ClientOutcome> outcomes) {
        System.out.printf("[tomcat-cell] %-13s %-20s %9d bytes: %s%n", server, client.id(), size,
                Outcomes.summary(outcomes));
    }
}
