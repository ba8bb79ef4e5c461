package io.github.sockopt4j.bootapp;

import io.github.sockopt4j.testkit.apps.UploadApps;
import io.github.sockopt4j.testkit.clients.RealClient;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * This module's app, Boot 4 / Jetty 12.1, with the sockopt4j starter (one dependency, nothing configured)
 * and, in the same run, without it: real clients upload 8 and 64 MiB (HTTPS: 8 MiB) and must get
 * the 413 in every trial with the starter; without it the loss is reproduced, except for the
 * clients named below.
 */
class Boot4JettyRealClientTest {
    /**
     * Clients that read the response after a failed write, so that Jetty's reset rarely or never
     * costs them the 413: requests (urllib3), curl (plain and HTTPS), openssl s_client, and the
     * JDK's HttpClient (which loses it only sometimes). Measured; see docs/spring-boot.md.
     */
    static final Set<RealClient> DELIVER_BY_THEMSELVES = EnumSet.of(RealClient.PYTHON_REQUESTS, RealClient.CURL,
            RealClient.CURL_HTTPS, RealClient.OPENSSL_S_CLIENT, RealClient.JAVA_HTTP_CLIENT);

    private static UploadApps apps;

    @BeforeAll
    static void apps() throws Exception {
        apps = UploadApps.of("Boot 4 / Jetty 12.1");
    }

    @AfterAll
    static void stop() throws Exception {
        apps.close();
    }

    static Stream<Arguments> cells() {
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
        apps.assertLossReproduced(client, size, DELIVER_BY_THEMSELVES);
    }
}
