package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DrainPolicyTest {

    @Test
    void defaultsFollowHttpd() {
        DrainPolicy d = DrainPolicy.DEFAULT;
        assertEquals(Duration.ofSeconds(2), d.idleTimeout());
        assertEquals(Duration.ofSeconds(30), d.totalTimeout());
        assertEquals(Long.MAX_VALUE, d.maxDrainBytes());
        assertEquals(32 * 1024, d.bufferSize());
    }

    @Test
    void invalidValuesNameTheFieldAndTheRange() {
        assertRejected("idleTimeout = PT0S", () -> DrainPolicy.DEFAULT.withIdleTimeout(Duration.ZERO));
        assertRejected("idleTimeout = PT31S", () -> DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(31)));
        assertRejected("totalTimeout = PT-1S", () -> DrainPolicy.DEFAULT.withTotalTimeout(Duration.ofSeconds(-1)));
        assertRejected("totalTimeout = PT48H", () -> DrainPolicy.DEFAULT.withTotalTimeout(Duration.ofDays(2)));
        assertRejected("maxDrainBytes = 0", () -> DrainPolicy.DEFAULT.withMaxDrainBytes(0));
        assertRejected("bufferSize = 0", () -> DrainPolicy.DEFAULT.withBufferSize(0));
        assertRejected("bufferSize = 1048577", () -> DrainPolicy.DEFAULT.withBufferSize((1 << 20) + 1));
        assertThrows(NullPointerException.class, () -> DrainPolicy.DEFAULT.withIdleTimeout(null));
    }

    @Test
    void afterAckedRejectsATimeoutOutOfRangeBeforeDoingAnything() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            assertRejected("afterAcked timeout = PT0S", () -> p.afterAcked(Duration.ZERO));
            assertTrue(p.xOpen());
        }
    }

    private static void assertRejected(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("out of range"), e.getMessage());
    }
}
