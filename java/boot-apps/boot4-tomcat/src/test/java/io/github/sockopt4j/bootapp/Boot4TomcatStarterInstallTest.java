package io.github.sockopt4j.bootapp;

import io.github.sockopt4j.testkit.apps.StarterInstallTest;

/** What the starter says at start on this module's app, Boot 4 / Tomcat 11, and when it stays out. */
class Boot4TomcatStarterInstallTest extends StarterInstallTest {
    Boot4TomcatStarterInstallTest() {
        super(port -> "sockopt4j: lingering closes on [http-nio-127.0.0.1-" + port + "]");
    }
}
