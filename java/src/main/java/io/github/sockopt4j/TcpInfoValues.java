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

    final long[] values;
    int length;

    TcpInfoValues(long[] values, int length) {
        this.values = values;
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
        return values[field.ordinal()];
    }

    /** The TCP state ({@code tcpi_state}). */
    public final TcpState state() {
        return TcpState.of((int) values[TcpInfoField.STATE.ordinal()]);
    }

    /** Decodes the kernel's reply, {@code raw[0 .. length)}, into {@link #values}. */
    final void decode(byte[] raw, int returnedLength) {
        length = returnedLength;
        for (TcpInfoField f : FIELDS) {
            values[f.ordinal()] = f.presentIn(returnedLength) ? f.read(raw) : 0;
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append("[length=").append(length);
        for (TcpInfoField f : FIELDS) {
            if (has(f)) {
                b.append(", ").append(f.cName()).append('=').append(values[f.ordinal()]);
            }
        }
        return b.append(']').toString();
    }
}
