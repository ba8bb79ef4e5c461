/**
 * The kit sockopt4j's tests and its command share: loopback crowds, payloads, bounded waits, TLS
 * material, the one driver of real clients, a server app in a child JVM. It needs nothing but {@code java.base}: the library's own tests use it, so it cannot
 * depend on the library.
 */
module io.github.sockopt4j.testkit {
    requires java.net.http; // one of the real clients is the JDK's HttpClient
    requires static org.apache.tomcat.embed.core; // EarlyResponseTomcat, for those who bring Tomcat
    requires static org.junit.jupiter.api; // UploadAppRealClientTest, for those who bring JUnit
    requires static org.junit.jupiter.params;
    requires static org.eclipse.jetty.server; // EarlyResponseJetty, for those who bring Jetty
    requires static org.eclipse.jetty.io;
    requires static org.eclipse.jetty.http;
    requires static org.eclipse.jetty.util;

    exports io.github.sockopt4j.testkit;
    exports io.github.sockopt4j.testkit.clients;
    exports io.github.sockopt4j.testkit.apps;
    opens io.github.sockopt4j.testkit.apps to org.junit.platform.commons; // JUnit calls its lifecycle methods
    exports io.github.sockopt4j.testkit.servers;
}
