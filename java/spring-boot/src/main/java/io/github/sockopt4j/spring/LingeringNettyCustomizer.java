package io.github.sockopt4j.spring;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.netty.LingeringCloseHandler;
import io.github.sockopt4j.netty.ObservingCloseHandler;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import reactor.netty.http.server.HttpServer;

/**
 * Adds a {@link LingeringCloseHandler} first in the pipeline of every connection of the Reactor
 * Netty server (through {@code HttpServer.doOnChannelInit}), with the {@code sockopt4j.close.*}
 * drain limits, and logs once what it did.
 */
final class LingeringNettyCustomizer implements WebServerFactoryCustomizer<WebServerFactory> {
    private static final Logger LOG = LoggerFactory.getLogger(LingeringNettyCustomizer.class);

    private final CloseProperties properties;

    LingeringNettyCustomizer(CloseProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(WebServerFactory factory) {
        if (properties.getMode() == CloseMode.OFF) {
            return; // sockopt4j.close.mode=off: the server as it is
        }
        if (!factory.getClass().getName().contains("Netty")) {
            return; // another server's factory
        }
        Method addServerCustomizers = ServerFactories.method(factory, "addServerCustomizers");
        if (addServerCustomizers == null) {
            LOG.warn("sockopt4j: not installed: {} has no addServerCustomizers; Reactor Netty closes its connections"
                    + " itself", factory.getClass().getName());
            return;
        }
        DrainPolicy policy = properties.drainPolicy();
        if (properties.getMode() == CloseMode.OBSERVE) {
            ServerFactories.addCustomizer(factory, addServerCustomizers, server -> ((HttpServer) server).doOnChannelInit(
                    (observer, channel, remote) -> channel.pipeline().addFirst(ObservingCloseHandler.INSTANCE)));
            LOG.info("sockopt4j: observing closes on Reactor Netty: Netty closes its connections itself, each reported"
                    + " (FIN, or RST and what it lost){}", NativeSocket.unavailableReason()
                    .map(why -> "; without native access the reports have no queues (" + why + ")").orElse(""));
            return;
        }
        ServerFactories.addCustomizer(factory, addServerCustomizers, server -> ((HttpServer) server).doOnChannelInit(
                (observer, channel, remote) -> channel.pipeline().addFirst(new LingeringCloseHandler(policy))));
        LOG.info("sockopt4j: lingering closes on Reactor Netty: idle {} ms, total {} ms, {}{}",
                policy.idleTimeout().toMillis(), policy.totalTimeout().toMillis(),
                policy.maxDrainBytes() == Long.MAX_VALUE ? "no byte cap" : "at most " + policy.maxDrainBytes() + " bytes",
                NativeSocket.unavailableReason().map(why -> "; without native access the reports have no queues ("
                        + why + ")").orElse(""));
    }
}
