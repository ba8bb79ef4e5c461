package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Deciding FIN/RST and placing the RST's sequence number, on hand-made segments. */
class WireVerdictTest {
    private static final int SERVER = 5000;
    private static final int CLIENT = 40000;
    private static final long ISN = 0xffff_fff0L; // wraps during the connection

    private static TcpSegment fromClient(int flags, int window, int scale) {
        return new TcpSegment(CLIENT, SERVER, 100, 0, flags, window, scale, 0);
    }

    private static TcpSegment fromServer(long relSeq, int flags, int payload) {
        return new TcpSegment(SERVER, CLIENT, (ISN + relSeq) & 0xffff_ffffL, 0, flags, 512, -1, payload);
    }

    private static WireVerdict verdict(TcpSegment... last) {
        List<TcpSegment> s = new java.util.ArrayList<>(List.of(
                fromClient(TcpSegment.SYN, 65535, 7),
                fromServer(0, TcpSegment.SYN | TcpSegment.ACK, 0),
                fromClient(TcpSegment.ACK, 100, -1), // 100 << 7 = 12800 bytes of window
                fromServer(1, TcpSegment.ACK, 1000)));
        s.addAll(List.of(last));
        return WireVerdict.of(s, SERVER);
    }

    @Test
    void rstAtTheClientsNextSequenceIsExact() {
        WireVerdict v = verdict(fromServer(1001, TcpSegment.RST | TcpSegment.ACK, 0));
        assertEquals(Emitted.RST, v.emitted());
        assertEquals(RstSequence.EXACT, v.rstSequence());
    }

    @Test
    void finThenRstCountsTheFin() {
        WireVerdict v = verdict(fromServer(1001, TcpSegment.FIN | TcpSegment.ACK, 0), fromServer(1002, TcpSegment.RST, 0));
        assertEquals(Emitted.FIN_THEN_RST, v.emitted());
        assertEquals(RstSequence.EXACT, v.rstSequence());
    }

    @Test
    void rstInsideTheScaledWindowIsInWindow() {
        assertEquals(RstSequence.IN_WINDOW, verdict(fromServer(1001 + 12799, TcpSegment.RST, 0)).rstSequence());
        assertEquals(RstSequence.OUT_OF_WINDOW, verdict(fromServer(1001 + 12800, TcpSegment.RST, 0)).rstSequence());
        assertEquals(RstSequence.OUT_OF_WINDOW, verdict(fromServer(1000, TcpSegment.RST, 0)).rstSequence());
    }

    @Test
    void zeroSequenceIsZero() {
        TcpSegment rst = new TcpSegment(SERVER, CLIENT, 0, 0, TcpSegment.RST | TcpSegment.ACK, 0, -1, 0);
        assertEquals(RstSequence.ZERO, verdict(rst).rstSequence());
    }

    @Test
    void finAloneAndNothing() {
        assertEquals(Emitted.FIN, verdict(fromServer(1001, TcpSegment.FIN | TcpSegment.ACK, 0)).emitted());
        assertEquals(Emitted.NOTHING, verdict().emitted());
        assertEquals(RstSequence.NO_RST, verdict().rstSequence());
    }
}
