package io.github.sockopt4j.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.close.OverflowPolicy;

import java.time.Duration;
import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

/** The connector's lingering* attributes: their defaults, their checks, and what the closer gets. */
class LingeringSettingsTest {

    @Test
    void defaultsAreTheDrainPolicysWithMaxConnectionsAsTheLimit() {
        LingeringCloserOptions o = new LingeringSettings().closerOptions(8192, "t");
        assertEquals(Duration.ofSeconds(2), o.policy().idleTimeout());
        assertEquals(Duration.ofSeconds(30), o.policy().totalTimeout());
        assertEquals(Long.MAX_VALUE, o.policy().maxDrainBytes());
        assertEquals(8192, o.maxPending());
        assertEquals(OverflowPolicy.ABORT, o.overflow());
        assertEquals(LingeringCloserOptions.MAX_PENDING, new LingeringSettings().closerOptions(-1, "t").maxPending(),
                "maxConnections=-1 (no limit): the closer's own maximum");
    }

    @Test
    void tomcatSetsThemAsConnectorAttributes() {
        Connector c = new Connector(LingeringHttp11NioProtocol.class.getName());
        Map.of("lingeringIdleTimeout", "500", "lingeringTotalTimeout", "4000", "lingeringMaxDrainBytes", "1048576",
                "lingeringMaxPending", "100", "lingeringOverflow", "close_plain", "lingeringMode", "Observe")
                .forEach((name, value) -> assertTrue(c.setProperty(name, value), name));
        LingeringHttp11NioProtocol p = (LingeringHttp11NioProtocol) c.getProtocolHandler();
        assertEquals(500, p.getLingeringIdleTimeout());
        assertEquals(4000, p.getLingeringTotalTimeout());
        assertEquals(1 << 20, p.getLingeringMaxDrainBytes());
        assertEquals(100, p.getLingeringMaxPending());
        assertEquals("CLOSE_PLAIN", p.getLingeringOverflow());
        assertEquals("observe", p.getLingeringMode());
    }

    @Test
    void anIdleTimeoutAboveTheTotalOneIsTheTotalOne() {
        LingeringSettings s = new LingeringSettings();
        s.totalTimeoutMillis(1000);
        assertEquals(Duration.ofSeconds(1), s.closerOptions(10, "t").policy().idleTimeout());
    }

    @Test
    void aWrongValueIsRefusedNamingTheAttributeAndTheRange() {
        LingeringSettings s = new LingeringSettings();
        assertMessage("lingeringIdleTimeout = 0 ms is out of range: [1, 86400000] ms",
                () -> s.idleTimeoutMillis(0));
        assertMessage("lingeringMaxDrainBytes = 0 is out of range: -1 (no cap) or [1, " + Long.MAX_VALUE + "]",
                () -> s.maxDrainBytes(0));
        assertMessage("lingeringMaxPending = 0 is out of range: -1 (maxConnections) or [1, 16777216]",
                () -> s.maxPending(0));
        assertMessage("lingeringOverflow = REJECT is not one of: ABORT, CLOSE_PLAIN", () -> s.overflow("REJECT"));
        assertMessage("lingeringMode = watch is not one of: linger, observe, off", () -> s.mode("watch"));
        assertEquals(CloseMode.LINGER, s.mode(), "nothing changed by the refused values");
        assertFalse(s.maxDrainBytes() == 0);
    }

    private static void assertMessage(String message, Runnable set) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, set::run).getMessage());
    }
}
