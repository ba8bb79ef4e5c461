package io.github.sockopt4j.repro;

import java.util.List;

/**
 * What the wire says about one connection: whether the server (the side on the server port)
 * sent FIN and/or RST, and where its first RST's sequence number falls for the client.
 *
 * <p>The client's {@code rcv_nxt} is taken as the end of everything the server sent before
 * the RST (on loopback nothing is lost; the client's last ACK can lag behind by a delayed
 * ACK). The client's window is its last advertised window scaled by the shift in its SYN.
 */
record WireVerdict(Emitted emitted, RstSequence rstSequence, String detail) {

    static WireVerdict of(List<TcpSegment> segments, int serverPort) {
        boolean fin = false;
        TcpSegment rst = null;
        long serverIsn = -1;
        long serverEnd = 0; // relative to the server's ISN
        int clientScale = 0;
        long clientWindow = 0;
        for (TcpSegment s : segments) {
            boolean fromServer = s.sourcePort() == serverPort;
            if (!fromServer) {
                if (s.has(TcpSegment.SYN) && s.windowScale() >= 0) {
                    clientScale = s.windowScale();
                }
                clientWindow = (long) s.window() << (s.has(TcpSegment.SYN) ? 0 : clientScale);
                continue;
            }
            if (s.has(TcpSegment.SYN)) {
                serverIsn = s.seq();
            }
            if (s.has(TcpSegment.RST)) {
                rst = s;
                break;
            }
            fin |= s.has(TcpSegment.FIN);
            if (serverIsn >= 0) {
                serverEnd = Math.max(serverEnd, relative(s.seq(), serverIsn) + s.length());
            }
        }
        Emitted emitted = Emitted.of(fin, rst != null);
        if (rst == null) {
            return new WireVerdict(emitted, RstSequence.NO_RST, "");
        }
        if (serverIsn < 0) {
            return new WireVerdict(emitted, RstSequence.UNKNOWN, "the handshake was not captured");
        }
        long seq = relative(rst.seq(), serverIsn);
        RstSequence where;
        if (rst.seq() == 0) {
            where = RstSequence.ZERO;
        } else if (seq == serverEnd) {
            where = RstSequence.EXACT;
        } else if (seq > serverEnd && seq < serverEnd + clientWindow) {
            where = RstSequence.IN_WINDOW;
        } else {
            where = RstSequence.OUT_OF_WINDOW;
        }
        String flags = rst.has(TcpSegment.ACK) ? "R+ACK" : "R";
        return new WireVerdict(emitted, where, "RST " + flags + " seq " + seq + " (relative), client rcv_nxt "
                + serverEnd + ", client window " + clientWindow);
    }

    /** {@code seq - isn} modulo 2^32. */
    private static long relative(long seq, long isn) {
        return (seq - isn) & 0xffff_ffffL;
    }
}
