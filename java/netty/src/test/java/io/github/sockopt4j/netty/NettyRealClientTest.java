package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real HTTP clients upload 8 MiB and 64 KiB to a Netty server that answers 413 with
 * {@code Connection: close} right after the headers. With {@link LingeringCloseHandler} every
 * client gets the 413 in every trial and every close ends in FIN after the client's EOF; the same
 * server closing the plain Netty way is measured and printed (the loss there depends on the
 * client and on timing, so only the reliable case is asserted).
 *
 * <p>Trials per cell: {@code -Dsockopt4j.netty.trials} (default 50).
 */
class NettyRealClientTest {
    static final int TRIALS = Integer.getInteger("sockopt4j.netty.trials", 50);
    static final List<RealClient> HTTP_CLIENTS = List.of(RealClient.PYTHON_HTTP_CLIENT, RealClient.PYTHON_URLLIB,
            RealClient.JAVA_HTTP_CLIENT, RealClient.WGET, RealClient.CURL);
    private static final int[] SIZES = {8 << 20, 64 << 10};
    private static final Map<Integer, Path> BODIES = new TreeMap<>();

    @BeforeAll
    static void bodies() throws Exception {
        for (int size : SIZES) {
            Path body = Files.createTempFile("sockopt4j-upload-" + size, ".bin");
            Files.write(body, new byte[size]);
            BODIES.put(size, body);
        }
    }

    @AfterAll
    static void deleteBodies() throws Exception {
        for (Path body : BODIES.values()) {
            Files.deleteIfExists(body);
        }
    }

    static Stream<Arguments> cells() {
        return Stream.of(NettyTransport.values()).flatMap(t -> HTTP_CLIENTS.stream()
                .flatMap(c -> java.util.Arrays.stream(SIZES).mapToObj(size -> Arguments.of(t, c, size))));
    }

    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void everyClientGetsThe413WithTheHandler(NettyTransport transport, RealClient client, int size) throws Exception {
        client.requireInstalled();
        try (EarlyResponseServer server = EarlyResponseServer.start(transport, DrainPolicy.DEFAULT, null)) {
            List<String> outcomes = client.run(server.port(), BODIES.get(size), TRIALS);
            List<CloseReport> reports = server.takeReports();
            Cells.print("handler", transport, client, size, outcomes);
            assertEquals(TRIALS, Cells.count(outcomes, "413"), "trials that got the 413: " + Cells.tally(outcomes));
            assertEquals(TRIALS, reports.size(), "one report per connection");
            for (CloseReport r : reports) {
                Cells.assertDrainedToTheEnd(transport, client, r);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void withoutTheHandlerTheLossIsMeasured(NettyTransport transport, RealClient client, int size) throws Exception {
        client.requireInstalled();
        try (EarlyResponseServer server = EarlyResponseServer.start(transport, null, null)) {
            List<String> outcomes = client.run(server.port(), BODIES.get(size), TRIALS);
            Cells.print("plain Netty close", transport, client, size, outcomes);
            assertEquals(TRIALS, outcomes.size());
            if (client == RealClient.PYTHON_HTTP_CLIENT && size == SIZES[0]) {
                // http.client stops at its first failed send and never reads the 413 already delivered.
                assertTrue(Cells.count(outcomes, "413") < TRIALS / 2, "the reset loses most 413s: " + Cells.tally(outcomes));
            }
        }
    }
}
