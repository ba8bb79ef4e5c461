package io.github.sockopt4j.spring;

import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.jetty.LingeringServerConnector;

import java.lang.reflect.Method;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Adds a Jetty server customizer to the Jetty factory that replaces each {@link ServerConnector}
 * Boot made (plain, or its TLS one) by a {@link LingeringServerConnector} with the same
 * configuration and the {@code sockopt4j.close.*} limits. Boot's customizers run after it made its
 * connectors (TLS included) and before the server starts, so the lingering connector is the one
 * that binds. The connector logs at start whether its closes linger, or why not; this class logs
 * only when it leaves a connector as it was.
 */
final class LingeringJettyCustomizer implements WebServerFactoryCustomizer<WebServerFactory> {
    private static final Logger LOG = LoggerFactory.getLogger(LingeringJettyCustomizer.class);
    /** Boot's TLS connector: a ServerConnector that only checks the key alias after it starts. */
    private static final String BOOT_SSL_CONNECTOR = "SslServerCustomizer$SslValidatingServerConnector";

    private final CloseProperties properties;

    LingeringJettyCustomizer(CloseProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(WebServerFactory factory) {
        if (properties.getMode() == CloseMode.OFF) {
            return; // sockopt4j.close.mode=off: the server as it is
        }
        if (!factory.getClass().getName().contains("Jetty")) {
            return; // another server's factory: its own customizer, if any, acts
        }
        Method addServerCustomizers = ServerFactories.method(factory, "addServerCustomizers");
        if (addServerCustomizers == null) {
            LOG.warn("sockopt4j: not installed: {} has no addServerCustomizers; Jetty closes its connections itself",
                    factory.getClass().getName());
            return;
        }
        properties.drainPolicy(); // an invalid limit fails the start here, naming it
        ServerFactories.addCustomizer(factory, addServerCustomizers, server -> {
            replaceConnectors((Server) server);
            return null;
        });
    }

    private void replaceConnectors(Server server) {
        Connector[] connectors = server.getConnectors();
        boolean replaced = false;
        for (int i = 0; i < connectors.length; i++) {
            if (connectors[i] instanceof LingeringServerConnector) {
                continue; // the application's own
            }
            if (connectors[i] instanceof ServerConnector c && replaceable(c)) {
                connectors[i] = configure(LingeringServerConnector.copyOf(c));
                replaced = true;
            } else {
                LOG.warn("sockopt4j: not installed on {}: not a Jetty ServerConnector; Jetty closes its connections"
                        + " there itself", connectors[i]);
            }
        }
        if (replaced) {
            server.setConnectors(connectors);
            relimit(server);
        }
    }

    /** Jetty's own connector or Boot's TLS one; another subclass has behaviour a copy would lose. */
    private static boolean replaceable(ServerConnector c) {
        return c.getClass() == ServerConnector.class || c.getClass().getName().endsWith(BOOT_SSL_CONNECTOR);
    }

    private LingeringServerConnector configure(LingeringServerConnector c) {
        c.setCloseMode(properties.getMode());
        c.setDrainPolicy(properties.drainPolicy());
        if (properties.getMaxPending() != null) {
            c.setMaxPending(properties.getMaxPending());
        }
        c.setOverflow(properties.getOverflow());
        return c;
    }

    /**
     * Boot's {@code server.jetty.max-connections} is a {@link NetworkConnectionLimit} made with
     * the connectors of that moment: made again for the server's connectors at start, so that it
     * limits the lingering ones.
     */
    private static void relimit(Server server) {
        for (NetworkConnectionLimit limit : server.getBeans(NetworkConnectionLimit.class)) {
            NetworkConnectionLimit again = new NetworkConnectionLimit(limit.getMaxNetworkConnectionCount(), server);
            again.setEndPointIdleTimeout(limit.getEndPointIdleTimeout());
            server.removeBean(limit);
            server.addBean(again);
        }
    }
}
