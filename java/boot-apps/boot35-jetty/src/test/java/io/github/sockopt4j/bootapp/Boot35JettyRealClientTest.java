package io.github.sockopt4j.bootapp;

import io.github.sockopt4j.testkit.apps.UploadAppRealClientTest;
import io.github.sockopt4j.testkit.clients.RealClient;

import java.util.EnumSet;

/** This module's app, Boot 3.5 / Jetty 12.0, with the sockopt4j starter and without it, against real clients. */
class Boot35JettyRealClientTest extends UploadAppRealClientTest {
    /*
     * Delivering by themselves on Jetty: the clients that read the response after a failed write
     * (requests, curl plain and HTTPS, openssl s_client) and the JDK's HttpClient, which loses it
     * only sometimes. As measured on Boot 4 / Jetty 12.1; see docs/spring-boot.md.
     */
    Boot35JettyRealClientTest() {
        super("Boot 3.5 / Jetty 12.0", EnumSet.of(RealClient.PYTHON_REQUESTS, RealClient.CURL, RealClient.CURL_HTTPS,
                RealClient.OPENSSL_S_CLIENT, RealClient.JAVA_HTTP_CLIENT));
    }
}
