package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Parsing and a smoke read. Deltas around a close are not asserted here: the counters are global
 * to the network namespace, which other tests on this machine share.
 */
class TcpCountersTest {
    private static final String NETSTAT = "TcpExt: SyncookiesSent TCPAbortOnData TCPAbortOnClose TCPAbortOnLinger\n"
            + "TcpExt: 0 5 7 18446744073709551615\n"
            + "IpExt: InNoRoutes InOctets\n"
            + "IpExt: 0 4625008139\n";
    private static final String SNMP = "Ip: Forwarding DefaultTTL\nIp: 1 64\n"
            + "Tcp: RtoAlgorithm MaxConn EstabResets OutRsts\n"
            + "Tcp: 1 -1 2341 1290\n"
            + "Udp: InDatagrams\nUdp: 3\n";

    @Test
    void parsesTcpExtAndTcpByFullAndShortName() {
        TcpCounters c = TcpCounters.parse(NETSTAT, SNMP);
        assertEquals(7, c.get(TcpCounters.TCP_ABORT_ON_CLOSE));
        assertEquals(7, c.get("TCPAbortOnClose"));
        assertEquals(1290, c.get(TcpCounters.OUT_RSTS));
        assertEquals(1290, c.get("OutRsts"));
        assertEquals(-1, c.get("TcpMaxConn"));
        assertEquals(-1L, c.get("TCPAbortOnLinger"), "unsigned 2^64-1 wraps to -1");
        assertTrue(c.find("InOctets").isEmpty(), "IpExt is not read");
        assertTrue(c.find("InDatagrams").isEmpty(), "Udp is not read");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.get("NoSuchCounter"));
        assertTrue(e.getMessage().contains("NoSuchCounter"), e.getMessage());
    }

    @Test
    void deltaSubtractsAndPrintsWhatMoved() {
        TcpCounters before = TcpCounters.parse(NETSTAT, SNMP);
        TcpCounters after = TcpCounters.parse(NETSTAT.replace("0 5 7", "0 6 7"), SNMP.replace("2341 1290", "2341 1293"));
        TcpCounters delta = TcpCounters.delta(before, after);
        assertEquals(1, delta.get(TcpCounters.TCP_ABORT_ON_DATA));
        assertEquals(0, delta.get(TcpCounters.TCP_ABORT_ON_CLOSE));
        assertEquals("TcpCounters{TcpExtTCPAbortOnData=1, TcpOutRsts=3}", delta.toString());
    }

    @Test
    void rejectsMismatchedLines() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TcpCounters.parse("TcpExt: A B\nTcpExt: 1\n", SNMP));
        assertTrue(e.getMessage().contains("/proc/net/netstat"), e.getMessage());
    }

    @Test
    void snapshotOfThisNamespaceHasTheAbortCounters() throws Exception {
        TcpCounters now = TcpCounters.snapshot();
        for (String name : new String[] {TcpCounters.TCP_ABORT_ON_CLOSE, TcpCounters.TCP_ABORT_ON_DATA,
                TcpCounters.TCP_ABORT_ON_LINGER, TcpCounters.TCP_ABORT_ON_TIMEOUT, TcpCounters.TCP_ABORT_ON_MEMORY,
                TcpCounters.TCP_TIME_WAIT_OVERFLOW, TcpCounters.OUT_RSTS, TcpCounters.ESTAB_RESETS}) {
            assertTrue(now.get(name) >= 0, name);
        }
        TcpCounters later = TcpCounters.snapshot();
        assertTrue(TcpCounters.delta(now, later).get(TcpCounters.OUT_RSTS) >= 0);
    }
}
