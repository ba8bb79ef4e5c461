package io.github.sockopt4j.spring;

import io.github.sockopt4j.micrometer.CloseMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lingering closes for the embedded web server, whichever the application runs: Tomcat (servlet or
 * reactive) gets sockopt4j's connector protocol, Jetty sockopt4j's connector, Reactor Netty the
 * lingering handler; {@code sockopt4j.close.mode=observe} leaves the server's closes as they are
 * and reports each. With Micrometer on the class path, the close metrics too. Off with
 * {@code sockopt4j.close.enabled=false}; the limits are {@link CloseProperties}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "sockopt4j.close", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CloseProperties.class)
public class Sockopt4jAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.coyote.http11.Http11NioProtocol")
    static class OnTomcat {
        @Bean
        LingeringTomcatCustomizer sockopt4jTomcatCustomizer(CloseProperties properties) {
            return new LingeringTomcatCustomizer(properties);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.eclipse.jetty.server.Server")
    static class OnJetty {
        @Bean
        LingeringJettyCustomizer sockopt4jJettyCustomizer(CloseProperties properties) {
            return new LingeringJettyCustomizer(properties);
        }
    }

    /**
     * The close metrics ({@link CloseMetrics}): Boot binds every {@code MeterBinder} bean to its
     * registries, so with Actuator they appear in {@code /actuator/metrics} and
     * {@code /actuator/prometheus}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class OnMicrometer {
        @Bean
        CloseMetrics sockopt4jCloseMetrics() {
            return new CloseMetrics();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"reactor.netty.http.server.HttpServer", "io.netty.channel.ChannelHandler"})
    static class OnReactorNetty {
        @Bean
        LingeringNettyCustomizer sockopt4jNettyCustomizer(CloseProperties properties) {
            return new LingeringNettyCustomizer(properties);
        }
    }
}
