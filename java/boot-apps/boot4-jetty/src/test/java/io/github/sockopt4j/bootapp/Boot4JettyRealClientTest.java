package io.github.sockopt4j.bootapp;

import io.github.sockopt4j.testkit.apps.UploadAppRealClientTest;
import io.github.sockopt4j.testkit.clients.RealClient;

import java.util.EnumSet;

/** This module's app, Boot 4 / Jetty 12.1, with the sockopt4j starter and without it, against real clients. */
class Boot4JettyRealClientTest extends UploadAppRealClientTest {
    /*
     * Delivering by themselves on Jetty: the clients that read the response after a failed write
     * (requests, curl plain and HTTPS, openssl s_client) and the JDK's HttpClient, which loses it
     * only sometimes. Measured; see docs/spring-boot.md.
     */
    Boot4JettyRealClientTest() {
        super("Boot 4 / Jetty 12.1", EnumSet.of(RealClient.PYTHON_REQUESTS, RealClient.CURL, RealClient.CURL_HTTPS,
                RealClient.OPENSSL_S_CLIENT, RealClient.JAVA_HTTP_CLIENT));
    }
}
