package io.github.sockopt4j;

import io.github.sockopt4j.internal.NativeBuffer;

/**
 * A caller-owned {@code TCP_INFO} reading that {@link NativeSocket#tcpInfo(ReusableTcpInfo)}
 * refills in place without allocating, for monitoring loops. Read raw values with
 * {@link #get(TcpInfoField)} (units in {@link TcpInfoField#unit()}); take an immutable copy with
 * {@link #snapshot()}. Not thread-safe: one reader at a time.
 */
public final class ReusableTcpInfo extends TcpInfoValues {
    /** An empty reading ({@link #length()} 0, every field absent) until first filled. */
    public ReusableTcpInfo() {
        super(new byte[KNOWN_LENGTH], 0);
    }

    /** Bytes to offer the kernel. */
    static int capacity() {
        return KNOWN_LENGTH;
    }

    /** Decodes {@code returnedLength} bytes the kernel wrote at {@code offset} of {@code buffer}. */
    void fill(NativeBuffer buffer, int offset, int returnedLength) {
        int n = Math.min(returnedLength, raw.length);
        buffer.read(offset, raw, 0, n);
        length = n;
    }

    /** An immutable copy of this reading. */
    public TcpInfo snapshot() {
        return new TcpInfo(raw.clone(), length);
    }
}
