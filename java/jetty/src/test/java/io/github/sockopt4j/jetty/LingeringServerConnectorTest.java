package io.github.sockopt4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.close.OverflowPolicy;
import io.github.sockopt4j.testkit.servers.EarlyResponseJetty;

import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connector's settings: defaults, checks, when they may be set, and the copy of a Jetty connector. */
@Timeout(60)
class LingeringServerConnectorTest {

    @Test
    void defaultsAreTheDrainPolicysWithTheClosersLimitAndAbort() {
        LingeringServerConnector c = new LingeringServerConnector(new Server(), new HttpConnectionFactory());
        assertEquals(CloseMode.LINGER, c.getCloseMode());
        assertEquals(DrainPolicy.DEFAULT, c.getDrainPolicy());
        assertEquals(LingeringCloserOptions.DEFAULT.maxPending(), c.getMaxPending());
        assertEquals(OverflowPolicy.ABORT, c.getOverflow());
        assertFalse(c.isLingering(), "nothing lingers before start");
    }

    @Test
    void wrongValuesAreRefusedNamingTheSetting() {
        LingeringServerConnector c = new LingeringServerConnector(new Server(), new HttpConnectionFactory());
        IllegalArgumentException pending = assertThrows(IllegalArgumentException.class, () -> c.setMaxPending(0));
        assertEquals("maxPending = 0 is out of range: [1, " + LingeringCloserOptions.MAX_PENDING + "]",
                pending.getMessage());
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> c.setOverflow(OverflowPolicy.REJECT));
        assertEquals("overflow = REJECT is not one of: ABORT, CLOSE_PLAIN", overflow.getMessage());
        assertThrows(NullPointerException.class, () -> c.setDrainPolicy(null));
    }

    @Test
    void startedItLingersAndRefusesNewSettings() throws Exception {
        try (EarlyResponseJetty jetty = EarlyResponseJetty.start(LingeringServerConnector::new, null, null)) {
            LingeringServerConnector c = (LingeringServerConnector) jetty.connector();
            assertTrue(c.isLingering());
            assertEquals(200, get(jetty.port()));
            assertThrows(IllegalStateException.class, () -> c.setMaxPending(10));
        }
    }

    @Test
    void offItIsJettysOwnConnector() throws Exception {
        try (EarlyResponseJetty jetty = EarlyResponseJetty.start((server, ssl, factories) -> {
            LingeringServerConnector c = new LingeringServerConnector(server, ssl, factories);
            c.setCloseMode(CloseMode.OFF);
            return c;
        }, null, null)) {
            LingeringServerConnector c = (LingeringServerConnector) jetty.connector();
            assertFalse(c.isLingering());
            assertEquals(200, get(jetty.port()));
            assertEquals(List.of(), c.getConnectedEndPoints().stream()
                    .filter(e -> e instanceof LingeringEndPoint).toList());
        }
    }

    @Test
    void aCopyHasTheTemplatesConfiguration() {
        Server server = new Server();
        HttpConnectionFactory http = new HttpConnectionFactory();
        ServerConnector template = new ServerConnector(server, 1, 2, http);
        template.setHost("127.0.0.1");
        template.setPort(8123);
        template.setIdleTimeout(12_345);
        template.setName("web");
        template.setAcceptQueueSize(77);
        LingeringServerConnector copy = LingeringServerConnector.copyOf(template);
        assertNotSame(template, copy);
        assertSame(server, copy.getServer());
        assertSame(http, copy.getConnectionFactory(HttpConnectionFactory.class));
        assertEquals("127.0.0.1", copy.getHost());
        assertEquals(8123, copy.getPort());
        assertEquals(12_345, copy.getIdleTimeout());
        assertEquals("web", copy.getName());
        assertEquals(77, copy.getAcceptQueueSize());
        assertEquals(1, copy.getAcceptors());
        assertEquals(2, copy.getSelectorManager().getSelectorCount());
    }

    private static int get(int port) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/hello").toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
