package io.github.sockopt4j;

import io.github.sockopt4j.internal.FdSocket;

import java.io.IOException;

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

    /** Reads {@code TCP_INFO} of {@code socket} into this object, as long as the kernel returned it. */
    void fill(FdSocket socket) throws IOException {
        length = socket.tcpInfo(raw);
    }

    /** An immutable copy of this reading. */
    public TcpInfo snapshot() {
        return new TcpInfo(raw.clone(), length);
    }
}
