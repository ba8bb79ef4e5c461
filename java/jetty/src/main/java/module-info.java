/**
 * sockopt4j for Jetty: {@link io.github.sockopt4j.jetty.LingeringServerConnector}, a Jetty 12
 * {@code ServerConnector} whose closes linger.
 */
module io.github.sockopt4j.jetty {
    requires transitive io.github.sockopt4j;
    requires transitive org.eclipse.jetty.server;
    requires transitive org.eclipse.jetty.io;
    requires transitive org.eclipse.jetty.util;
    requires org.slf4j;

    exports io.github.sockopt4j.jetty;
}
