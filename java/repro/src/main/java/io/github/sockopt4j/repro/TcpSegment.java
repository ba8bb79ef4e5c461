package io.github.sockopt4j.repro;

import io.github.sockopt4j.internal.NativeBuffer;

/**
 * The TCP header fields of one captured Ethernet/IPv4 frame (lo carries a zeroed Ethernet header).
 *
 * @param sourcePort  TCP source port
 * @param destPort    TCP destination port
 * @param seq         sequence number (unsigned 32 bits, in a long)
 * @param ack         acknowledgment number (unsigned 32 bits)
 * @param flags       the flag bits (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10)
 * @param window      the raw window field (scale it with the sender's SYN option)
 * @param windowScale the window scale option, when this is a SYN carrying one, else -1
 * @param payload     payload bytes on the wire
 */
record TcpSegment(int sourcePort, int destPort, long seq, long ack, int flags, int window, int windowScale,
        int payload) {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;
    private static final int ETHERNET = 14;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Sequence space this segment occupies: payload, plus one each for SYN and FIN. */
    long length() {
        return payload + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** Whether a frame of {@code length} bytes in {@code b} is IPv4 TCP with {@code port} at either end. */
    static boolean isTcpOnPort(NativeBuffer b, int length, int port) {
        if (length < ETHERNET + 20 || u16(b.getByte(12), b.getByte(13)) != 0x0800 || b.getByte(ETHERNET + 9) != 6) {
            return false;
        }
        int tcp = ETHERNET + (b.getByte(ETHERNET) & 0x0f) * 4;
        if (length < tcp + 20) {
            return false;
        }
        return u16(b.getByte(tcp), b.getByte(tcp + 1)) == port || u16(b.getByte(tcp + 2), b.getByte(tcp + 3)) == port;
    }

    /** Parses a frame's first bytes ({@code head}); {@code wireLength} is its full length. */
    static TcpSegment parse(byte[] head, int wireLength) {
        int ip = ETHERNET;
        int ipTotal = u16(head[ip + 2], head[ip + 3]);
        int tcp = ip + (head[ip] & 0x0f) * 4;
        int tcpHeader = ((head[tcp + 12] & 0xf0) >>> 4) * 4;
        int flags = head[tcp + 13] & 0xff;
        int scale = -1;
        if ((flags & SYN) != 0) {
            scale = windowScale(head, tcp + 20, Math.min(tcp + tcpHeader, head.length));
        }
        return new TcpSegment(u16(head[tcp], head[tcp + 1]), u16(head[tcp + 2], head[tcp + 3]),
                u32(head, tcp + 4), u32(head, tcp + 8), flags, u16(head[tcp + 14], head[tcp + 15]), scale,
                ipTotal - (tcp - ip) - tcpHeader);
    }

    /** The window scale option (kind 3) in the options between {@code from} and {@code to}, or -1. */
    private static int windowScale(byte[] h, int from, int to) {
        int i = from;
        while (i < to) {
            int kind = h[i] & 0xff;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                break;
            }
            int len = h[i + 1] & 0xff;
            if (kind == 3 && len == 3 && i + 2 < to) {
                return h[i + 2] & 0xff;
            }
            if (len < 2) {
                break;
            }
            i += len;
        }
        return -1;
    }

    private static int u16(byte hi, byte lo) {
        return ((hi & 0xff) << 8) | (lo & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
