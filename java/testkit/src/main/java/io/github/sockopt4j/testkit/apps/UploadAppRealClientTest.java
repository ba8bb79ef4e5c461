package io.github.sockopt4j.testkit.apps;

import io.github.sockopt4j.testkit.clients.RealClient;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real-client test of a Spring Boot test module's upload app: with the sockopt4j starter (one
 * dependency, nothing configured) every trial gets the 413; in the same run, the same app without
 * it reproduces the loss, except for the clients the module names as delivering by themselves on
 * its server. Real clients upload 8 and 64 MiB (HTTPS: 8 MiB). A module's test extends this class
 * and names its server and those clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UploadAppRealClientTest {
    private final String server;
    private final Set<RealClient> deliverByThemselves;
    private UploadApps apps;

    /**
     * @param server              what the app runs on, for the printed lines ("Boot 4 / Tomcat 11")
     * @param deliverByThemselves the clients that get the 413 without sockopt4j on this server
     */
    protected UploadAppRealClientTest(String server, Set<RealClient> deliverByThemselves) {
        this.server = server;
        this.deliverByThemselves = deliverByThemselves;
    }

    @BeforeAll
    void apps() throws Exception {
        apps = UploadApps.of(server);
    }

    @AfterAll
    void stop() throws Exception {
        apps.close();
    }

    Stream<Arguments> cells() {
        return Stream.concat(
                UploadApps.HTTP_CLIENTS.stream().flatMap(c -> Arrays.stream(UploadApps.SIZES).mapToObj(s -> Arguments.of(c, s))),
                UploadApps.TLS_CLIENTS.stream().map(c -> Arguments.of(c, UploadApps.SIZES[0])));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void withTheStarterEveryClientGetsThe413(RealClient client, int size) throws Exception {
        apps.assertEveryTrialDelivered(client, size);
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cells")
    @Timeout(600)
    void withoutItTheLossIsReproduced(RealClient client, int size) throws Exception {
        apps.assertLossReproduced(client, size, deliverByThemselves);
    }
}
