package io.github.sockopt4j.bootapp;

import io.github.sockopt4j.testkit.apps.StarterInstallTest;

/** What the starter says at start on this module's app, Boot 3.5 / Jetty 12.0, and when it stays out. */
class Boot35JettyStarterInstallTest extends StarterInstallTest {
    Boot35JettyStarterInstallTest() {
        super(port -> "sockopt4j: lingering closes on [http/1.1@127.0.0.1:" + port + "] (Jetty 12.0.");
    }
}
