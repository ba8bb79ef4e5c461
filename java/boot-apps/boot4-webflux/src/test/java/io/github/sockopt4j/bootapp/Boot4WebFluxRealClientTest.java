package io.github.sockopt4j.bootapp;

import io.github.sockopt4j.testkit.apps.UploadAppRealClientTest;
import io.github.sockopt4j.testkit.clients.RealClient;

import java.util.EnumSet;

/** This module's app, Boot 4 WebFlux / Reactor Netty, with the sockopt4j starter and without it, against real clients. */
class Boot4WebFluxRealClientTest extends UploadAppRealClientTest {
    /*
     * Reactor Netty reads the whole body of a keep-alive request by itself, so without the starter
     * only the clients that send Connection: close and stop at their first failed write lose the
     * 413: urllib, and Python ssl (whose one request says so; openssl s_client, which says so too,
     * reads on after the failed write). Measured; see docs/spring-boot.md.
     */
    Boot4WebFluxRealClientTest() {
        super("Boot 4 WebFlux / Reactor Netty", EnumSet.complementOf(EnumSet.of(RealClient.PYTHON_URLLIB, RealClient.PYTHON_SSL)));
    }
}
