package io.github.sockopt4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.OverflowPolicy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void theDefaultsDeliverTheLateDataCase() {
        AgentOptions o = AgentOptions.parse(null);
        assertEquals(AgentOptions.Mode.LINGER, o.mode());
        assertEquals(AgentOptions.When.ALWAYS, o.when());
        assertEquals(Duration.ofSeconds(2), o.closer().policy().idleTimeout());
        assertEquals(Duration.ofSeconds(30), o.closer().policy().totalTimeout());
        assertEquals(Long.MAX_VALUE, o.closer().policy().maxDrainBytes());
        assertEquals(o, AgentOptions.parse(" "));
    }

    @Test
    void everyKeyIsRead() {
        AgentOptions o = AgentOptions.parse("mode=linger, when=unread,idle=500ms,total=PT1M,maxDrain=8m,"
                + "maxPending=100,overflow=abort,threads=2");
        assertEquals(AgentOptions.When.UNREAD, o.when());
        assertEquals(Duration.ofMillis(500), o.closer().policy().idleTimeout());
        assertEquals(Duration.ofMinutes(1), o.closer().policy().totalTimeout());
        assertEquals(8L << 20, o.closer().policy().maxDrainBytes());
        assertEquals(100, o.closer().maxPending());
        assertEquals(OverflowPolicy.ABORT, o.closer().overflow());
        assertEquals(2, o.closer().threads());
        assertEquals("mode=linger,when=unread,idle=500ms,total=60000ms,maxDrain=8388608,maxPending=100,overflow=abort,"
                + "threads=2", o.toString());
        assertEquals(AgentOptions.Mode.OFF, AgentOptions.parse("mode=off").mode());
        assertEquals(Long.MAX_VALUE, AgentOptions.parse("maxDrain=none").closer().policy().maxDrainBytes());
        assertEquals(OverflowPolicy.CLOSE_PLAIN, AgentOptions.parse("overflow=plain").closer().overflow());
    }

    @Test
    void aWrongOptionIsNamedWithItsValueAndWhatIsAllowed() {
        assertMessage("when=sometimes", "option when=sometimes is invalid; allowed: always|unread");
        assertMessage("mode=", "option mode= is invalid; allowed: linger|observe|off");
        assertMessage("idle=2", "option idle=2 is invalid; allowed: a duration");
        assertMessage("idle=0ms", "option idle=0ms is invalid; allowed: a duration");
        assertMessage("total=1ms", "option total=1ms is invalid");
        assertMessage("maxDrain=-1", "option maxDrain=-1 is invalid; allowed: bytes");
        assertMessage("maxPending=x", "option maxPending=x is invalid; allowed: 1..16777216");
        assertMessage("overflow=drop", "option overflow=drop is invalid; allowed: plain|abort|reject");
        assertMessage("threads=99", "option threads=99 is invalid; allowed: 1..64");
        assertMessage("idel=2s", "unknown option 'idel'; the keys: [mode, when, idle, total, maxDrain, maxPending,"
                + " overflow, threads]");
        assertMessage("linger", "option 'linger' is not key=value");
    }

    private static void assertMessage(String args, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(args));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
