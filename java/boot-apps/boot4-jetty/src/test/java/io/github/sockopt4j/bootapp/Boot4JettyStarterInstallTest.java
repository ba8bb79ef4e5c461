package io.github.sockopt4j.bootapp;

import io.github.sockopt4j.testkit.apps.StarterInstallTest;

/** What the starter says at start on this module's app, Boot 4 / Jetty 12.1, and when it stays out. */
class Boot4JettyStarterInstallTest extends StarterInstallTest {
    Boot4JettyStarterInstallTest() {
        super(port -> "sockopt4j: lingering closes on [http/1.1@127.0.0.1:" + port + "] (Jetty 12.1.");
    }
}
