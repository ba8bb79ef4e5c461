package io.github.sockopt4j;

import io.github.sockopt4j.internal.BooleanOption;
import io.github.sockopt4j.internal.DurationOption;
import java.net.SocketOption;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Linux socket options the JDK does not offer (or offers only in part), as
 * {@link SocketOption} constants in the style of {@code jdk.net.ExtendedSocketOptions}. Use them
 * with {@link NativeSocket#set} and {@link NativeSocket#get}. Each names the Linux option, its man
 * page, the unit and range, and the first kernel that has it. Linux only (x86-64, aarch64).
 */
public final class TcpOptions {
    private TcpOptions() {}

    /**
     * {@code TCP_NODELAY} (tcp(7)): send segments as soon as possible, disabling Nagle's
     * algorithm. Linux 2.2+.
     */
    public static final SocketOption<Boolean> TCP_NODELAY = new BooleanOption("TCP_NODELAY", "IPPROTO_TCP");

    /**
     * {@code TCP_CORK} (tcp(7)): hold back partial frames until the cork is removed or 200 ms
     * pass. Setting it to {@code false} sends what is held at once. Linux 2.2+.
     */
    public static final SocketOption<Boolean> TCP_CORK = new BooleanOption("TCP_CORK", "IPPROTO_TCP");

    /**
     * {@code TCP_QUICKACK} (tcp(7)): send ACKs at once rather than delayed. Not permanent: the
     * kernel may drop back to delayed ACKs, so reading it tells the current mode. Linux 2.4.4+.
     */
    public static final SocketOption<Boolean> TCP_QUICKACK = new BooleanOption("TCP_QUICKACK", "IPPROTO_TCP");

    /**
     * {@code TCP_USER_TIMEOUT} (tcp(7)): how long transmitted data may stay unacknowledged (or
     * a zero window unprobed successfully) before the kernel drops the connection with
     * {@code ETIMEDOUT}. Whole milliseconds, 0 to {@code Integer.MAX_VALUE} ms; 0 means the
     * system default. Linux 2.6.37+.
     */
    public static final SocketOption<Duration> TCP_USER_TIMEOUT = new DurationOption(
            "TCP_USER_TIMEOUT", "IPPROTO_TCP", ChronoUnit.MILLIS, 0, Integer.MAX_VALUE);

    /**
     * {@code SO_REUSEPORT} (socket(7)): let several sockets of the same user bind the same
     * address and port; the kernel spreads incoming connections among listeners. Set before
     * {@code bind}. Linux 3.9+.
     */
    public static final SocketOption<Boolean> SO_REUSEPORT = new BooleanOption("SO_REUSEPORT", "SOL_SOCKET");
}
