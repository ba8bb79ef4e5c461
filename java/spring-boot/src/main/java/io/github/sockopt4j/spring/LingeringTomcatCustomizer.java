package io.github.sockopt4j.spring;

import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.tomcat.LingeringHttp11NioProtocol;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Sets the Tomcat factory's connector protocol to {@link LingeringHttp11NioProtocol} and hands it
 * the {@code sockopt4j.close.*} values. The connector logs at start whether its closes linger, or
 * why not; this class logs only when it leaves the factory as it was.
 */
final class LingeringTomcatCustomizer implements WebServerFactoryCustomizer<WebServerFactory> {
    private static final Logger LOG = LoggerFactory.getLogger(LingeringTomcatCustomizer.class);
    /** Tomcat's (and Boot's) default protocol, the one this replaces. */
    private static final String DEFAULT_PROTOCOL = "org.apache.coyote.http11.Http11NioProtocol";

    private final CloseProperties properties;

    LingeringTomcatCustomizer(CloseProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(WebServerFactory factory) {
        if (properties.getMode() == CloseMode.OFF) {
            return; // sockopt4j.close.mode=off: the server as it is
        }
        if (!factory.getClass().getName().contains("Tomcat")) {
            return; // another server's factory: its own customizer, if any, acts
        }
        Method setProtocol = ServerFactories.method(factory, "setProtocol");
        Method addHandlerCustomizers = ServerFactories.method(factory, "addProtocolHandlerCustomizers");
        if (setProtocol == null || addHandlerCustomizers == null) {
            LOG.warn("sockopt4j: not installed: {} has no setProtocol/addProtocolHandlerCustomizers; Tomcat closes"
                    + " its connections itself", factory.getClass().getName());
            return;
        }
        Method getProtocol = ServerFactories.method0(factory, "getProtocol");
        Object protocol = getProtocol == null ? DEFAULT_PROTOCOL : ServerFactories.invoke(getProtocol, factory, null);
        if (!DEFAULT_PROTOCOL.equals(protocol)) {
            LOG.warn("sockopt4j: not installed: the Tomcat connector's protocol is {}, not {}; Tomcat closes its"
                    + " connections itself", protocol, DEFAULT_PROTOCOL);
            return;
        }
        DrainPolicy policy = properties.drainPolicy();
        ServerFactories.invoke(setProtocol, factory, LingeringHttp11NioProtocol.class.getName());
        ServerFactories.addCustomizer(factory, addHandlerCustomizers, handler -> {
            configure(handler, policy);
            return null;
        });
    }

    private void configure(Object handler, DrainPolicy policy) {
        if (!(handler instanceof LingeringHttp11NioProtocol p)) {
            LOG.warn("sockopt4j: not installed on a connector whose protocol is {}: Tomcat closes its connections"
                    + " itself", handler.getClass().getName());
            return;
        }
        p.setLingeringMode(properties.getMode().toString());
        p.setLingeringIdleTimeout(policy.idleTimeout().toMillis());
        p.setLingeringTotalTimeout(policy.totalTimeout().toMillis());
        p.setLingeringMaxDrainBytes(policy.maxDrainBytes() == Long.MAX_VALUE ? -1 : policy.maxDrainBytes());
        p.setLingeringMaxPending(properties.getMaxPending() == null ? -1 : properties.getMaxPending());
        p.setLingeringOverflow(properties.getOverflow().name());
    }
}
