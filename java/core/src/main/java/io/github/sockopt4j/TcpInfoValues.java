package io.github.sockopt4j;

import java.util.NoSuchElementException;

/**
 * The decoded fields of one {@code getsockopt(TCP_INFO)} reply and the length the kernel
 * returned; shared by {@link TcpInfo} (immutable) and {@link ReusableTcpInfo} (refilled).
 */
abstract class TcpInfoValues {
    static final TcpInfoField[] FIELDS = TcpInfoField.values();
    /** Bytes of {@code struct tcp_info} sockopt4j knows, the most it asks the kernel for. */
    static final int KNOWN_LENGTH = knownLength();

    /**
     * The kernel's bytes, decoded field by field on demand: a reading costs one copy, and a
     * monitoring loop pays only for the fields it looks at.
     */
    final byte[] raw;
    int length;

    TcpInfoValues(byte[] raw, int length) {
        this.raw = raw;
        this.length = length;
    }

    private static int knownLength() {
        int end = 0;
        for (TcpInfoField f : FIELDS) {
            end = Math.max(end, f.offset() + f.byteLength());
        }
        return end;
    }

    /** Bytes of {@code struct tcp_info} the kernel returned (280 on Linux 6.18). */
    public final int length() {
        return length;
    }

    /** Whether the kernel filled {@code field} (older kernels return a shorter struct). */
    public final boolean has(TcpInfoField field) {
        return field.presentIn(length);
    }

    /**
     * The raw value of {@code field} in its {@link TcpInfoField#unit() unit}, unsigned (a
     * 64-bit field of all ones, such as an unlimited {@code max_pacing_rate}, reads as -1).
     *
     * @throws NoSuchElementException if the kernel did not fill the field
     */
    public final long get(TcpInfoField field) {
        if (!has(field)) {
            throw new NoSuchElementException(field.cName() + " is absent: the kernel returned " + length
                    + " bytes of tcp_info; the field needs Linux " + field.sinceKernel() + "+");
        }
        return field.read(raw);
    }

    /** The TCP state ({@code tcpi_state}). */
    public final TcpState state() {
        return TcpState.of((int) raw(TcpInfoField.STATE));
    }

    /** The value of {@code field}, or 0 when the kernel did not fill it. */
    final long raw(TcpInfoField field) {
        return field.presentIn(length) ? field.read(raw) : 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append("[length=").append(length);
        for (TcpInfoField f : FIELDS) {
            if (has(f)) {
                b.append(", ").append(f.cName()).append('=').append(f.read(raw));
            }
        }
        return b.append(']').toString();
    }
}
