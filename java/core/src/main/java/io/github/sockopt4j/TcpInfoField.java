package io.github.sockopt4j;

import io.github.sockopt4j.internal.ConstantTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * One member of Linux's {@code struct tcp_info} (tcp(7), {@code include/uapi/linux/tcp.h}), with
 * its unit and the first kernel that fills it. The kernel copies as many bytes as it has and the
 * caller offered; a member beyond the returned length is <em>absent</em> ({@link TcpInfo#has}),
 * never reported as 0. Offsets come from sockopt4j's constant table.
 *
 * <p>The two bitfields in byte 7 ({@link #DELIVERY_RATE_APP_LIMITED},
 * {@link #FASTOPEN_CLIENT_FAIL}) are always within the returned length; kernels before 4.9 / 5.5
 * leave them 0.
 */
public enum TcpInfoField {
    STATE(Unit.CODE, "2.6"),
    CA_STATE(Unit.CODE, "2.6"),
    RETRANSMITS(Unit.COUNT, "2.6"),
    PROBES(Unit.COUNT, "2.6"),
    BACKOFF(Unit.COUNT, "2.6"),
    OPTIONS(Unit.CODE, "2.6"),
    SND_WSCALE(Unit.COUNT, "2.6"),
    RCV_WSCALE(Unit.COUNT, "2.6"),
    DELIVERY_RATE_APP_LIMITED(Unit.CODE, "4.9"),
    FASTOPEN_CLIENT_FAIL(Unit.CODE, "5.5"),
    RTO(Unit.MICROSECONDS, "2.6"),
    ATO(Unit.MICROSECONDS, "2.6"),
    SND_MSS(Unit.BYTES, "2.6"),
    RCV_MSS(Unit.BYTES, "2.6"),
    UNACKED(Unit.SEGMENTS, "2.6"),
    SACKED(Unit.SEGMENTS, "2.6"),
    LOST(Unit.SEGMENTS, "2.6"),
    RETRANS(Unit.SEGMENTS, "2.6"),
    FACKETS(Unit.SEGMENTS, "2.6"),
    LAST_DATA_SENT(Unit.MILLISECONDS, "2.6"),
    LAST_ACK_SENT(Unit.MILLISECONDS, "2.6"),
    LAST_DATA_RECV(Unit.MILLISECONDS, "2.6"),
    LAST_ACK_RECV(Unit.MILLISECONDS, "2.6"),
    PMTU(Unit.BYTES, "2.6"),
    RCV_SSTHRESH(Unit.BYTES, "2.6"),
    RTT(Unit.MICROSECONDS, "2.6"),
    RTTVAR(Unit.MICROSECONDS, "2.6"),
    SND_SSTHRESH(Unit.SEGMENTS, "2.6"),
    SND_CWND(Unit.SEGMENTS, "2.6"),
    ADVMSS(Unit.BYTES, "2.6"),
    REORDERING(Unit.SEGMENTS, "2.6"),
    RCV_RTT(Unit.MICROSECONDS, "2.6"),
    RCV_SPACE(Unit.BYTES, "2.6"),
    TOTAL_RETRANS(Unit.SEGMENTS, "2.6"),
    PACING_RATE(Unit.BYTES_PER_SECOND, "3.15"),
    MAX_PACING_RATE(Unit.BYTES_PER_SECOND, "3.15"),
    BYTES_ACKED(Unit.BYTES, "4.1"),
    BYTES_RECEIVED(Unit.BYTES, "4.1"),
    SEGS_OUT(Unit.SEGMENTS, "4.2"),
    SEGS_IN(Unit.SEGMENTS, "4.2"),
    NOTSENT_BYTES(Unit.BYTES, "4.6"),
    MIN_RTT(Unit.MICROSECONDS, "4.6"),
    DATA_SEGS_IN(Unit.SEGMENTS, "4.6"),
    DATA_SEGS_OUT(Unit.SEGMENTS, "4.6"),
    DELIVERY_RATE(Unit.BYTES_PER_SECOND, "4.9"),
    BUSY_TIME(Unit.MICROSECONDS, "4.10"),
    RWND_LIMITED(Unit.MICROSECONDS, "4.10"),
    SNDBUF_LIMITED(Unit.MICROSECONDS, "4.10"),
    DELIVERED(Unit.SEGMENTS, "4.18"),
    DELIVERED_CE(Unit.SEGMENTS, "4.18"),
    BYTES_SENT(Unit.BYTES, "4.19"),
    BYTES_RETRANS(Unit.BYTES, "4.19"),
    DSACK_DUPS(Unit.COUNT, "4.19"),
    REORD_SEEN(Unit.COUNT, "4.19"),
    RCV_OOOPACK(Unit.COUNT, "5.4"),
    SND_WND(Unit.BYTES, "5.4"),
    RCV_WND(Unit.BYTES, "6.2"),
    REHASH(Unit.COUNT, "6.2"),
    TOTAL_RTO(Unit.COUNT, "6.7"),
    TOTAL_RTO_RECOVERIES(Unit.COUNT, "6.7"),
    TOTAL_RTO_TIME(Unit.MILLISECONDS, "6.7"),
    RECEIVED_CE(Unit.SEGMENTS, "6.18"),
    DELIVERED_E1_BYTES(Unit.BYTES, "6.18"),
    DELIVERED_E0_BYTES(Unit.BYTES, "6.18"),
    DELIVERED_CE_BYTES(Unit.BYTES, "6.18"),
    RECEIVED_E1_BYTES(Unit.BYTES, "6.18"),
    RECEIVED_E0_BYTES(Unit.BYTES, "6.18"),
    RECEIVED_CE_BYTES(Unit.BYTES, "6.18"),
    ECN_MODE(Unit.CODE, "6.18"),
    ACCECN_OPT_SEEN(Unit.CODE, "6.18"),
    ACCECN_FAIL_MODE(Unit.CODE, "6.18"),
    OPTIONS2(Unit.CODE, "6.18");

    /** What a field's raw value counts. */
    public enum Unit {
        /** A state, flag set or enumerated code. */
        CODE,
        /** Events. */
        COUNT,
        BYTES,
        /** TCP segments (packets). */
        SEGMENTS,
        MICROSECONDS,
        MILLISECONDS,
        BYTES_PER_SECOND
    }

    private final Unit unit;
    private final String sinceKernel;
    private final String label = "TCP_INFO_TCPI_" + name();
    /** Byte offset; size in bytes, or 0 for a bitfield. */
    private final int offset;
    private final int size;
    private final int bitShift;
    private final int bitWidth;

    TcpInfoField(Unit unit, String sinceKernel) {
        this.unit = unit;
        this.sinceKernel = sinceKernel;
        this.offset = ConstantTable.getOrDefault("OFFSETOF_" + label, -1);
        this.size = ConstantTable.getOrDefault("SIZEOF_" + label, 0);
        this.bitShift = ConstantTable.getOrDefault("BITSHIFT_" + label, 0);
        this.bitWidth = ConstantTable.getOrDefault("BITWIDTH_" + label, 0);
    }

    /** The C member name, e.g. {@code tcpi_rtt}. */
    public String cName() {
        return "tcpi_" + name().toLowerCase(Locale.ROOT);
    }

    /** What the raw value ({@link TcpInfo#get}) counts. */
    public Unit unit() {
        return unit;
    }

    /** The first Linux version that fills this field, e.g. {@code "4.6"}. */
    public String sinceKernel() {
        return sinceKernel;
    }

    /** Bytes the member occupies from {@link #offset()} (bitfields: the bytes their bits touch). */
    int byteLength() {
        return size != 0 ? size : (bitShift + bitWidth + Byte.SIZE - 1) / Byte.SIZE;
    }

    int offset() {
        return offset;
    }

    /** Whether a reply of {@code length} bytes holds this field. */
    boolean presentIn(int length) {
        return offset >= 0 && offset + byteLength() <= length;
    }

    /** The unsigned value in {@code raw} (the kernel's bytes); call only when present. */
    long read(byte[] raw) {
        switch (size) {
            case Long.BYTES:
                return (long) LONG.get(raw, offset);
            case Integer.BYTES:
                return Integer.toUnsignedLong((int) INT.get(raw, offset));
            case Short.BYTES:
                return Short.toUnsignedLong((short) SHORT.get(raw, offset));
            case Byte.BYTES:
                return raw[offset] & 0xFFL;
            default:
                return readBits(raw);
        }
    }

    private long readBits(byte[] raw) {
        long bits = 0;
        int n = byteLength();
        for (int i = 0; i < n; i++) { // bitfields fill from the lowest bit of the lowest byte (LE ABIs)
            bits |= (raw[offset + i] & 0xFFL) << (Byte.SIZE * i);
        }
        return (bits >>> bitShift) & ((1L << bitWidth) - 1);
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
}
