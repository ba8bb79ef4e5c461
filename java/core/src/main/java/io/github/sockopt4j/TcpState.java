package io.github.sockopt4j;

import io.github.sockopt4j.internal.ConstantTable;

/**
 * The TCP state of a socket ({@code tcpi_state} of {@link TcpInfo}), as in
 * {@code include/net/tcp_states.h}; the numbers come from sockopt4j's constant table.
 */
public enum TcpState {
    ESTABLISHED("BPF_TCP_ESTABLISHED"),
    SYN_SENT("BPF_TCP_SYN_SENT"),
    SYN_RECV("BPF_TCP_SYN_RECV"),
    FIN_WAIT1("BPF_TCP_FIN_WAIT1"),
    FIN_WAIT2("BPF_TCP_FIN_WAIT2"),
    TIME_WAIT("BPF_TCP_TIME_WAIT"),
    CLOSE("BPF_TCP_CLOSE"),
    CLOSE_WAIT("BPF_TCP_CLOSE_WAIT"),
    LAST_ACK("BPF_TCP_LAST_ACK"),
    LISTEN("BPF_TCP_LISTEN"),
    CLOSING("BPF_TCP_CLOSING"),
    /** A request socket; user space does not normally see it. */
    NEW_SYN_RECV("BPF_TCP_NEW_SYN_RECV"),
    /** Bound but neither listening nor connected (Linux 6.8+; older kernels say {@link #CLOSE}). */
    BOUND_INACTIVE("BPF_TCP_BOUND_INACTIVE"),
    /** A number this version of sockopt4j does not know (a newer kernel). */
    UNKNOWN(null);

    private static final TcpState[] BY_NUMBER = index();

    private final String cName;

    TcpState(String cName) {
        this.cName = cName;
    }

    private static TcpState[] index() {
        int max = 0;
        for (TcpState s : values()) {
            max = Math.max(max, s.number());
        }
        TcpState[] byNumber = new TcpState[max + 1];
        for (TcpState s : values()) {
            if (s.cName != null && ConstantTable.has(s.cName)) {
                byNumber[s.number()] = s;
            }
        }
        return byNumber;
    }

    private int number() {
        return cName == null ? -1 : ConstantTable.getOrDefault(cName, -1);
    }

    /** The state with kernel number {@code value}, or {@link #UNKNOWN}. */
    public static TcpState of(int value) {
        TcpState s = value >= 0 && value < BY_NUMBER.length ? BY_NUMBER[value] : null;
        return s != null ? s : UNKNOWN;
    }
}
