package io.github.sockopt4j.repro;

/**
 * Where the sequence number of X's first RST falls, relative to what the client's TCP expects
 * next ({@code rcv_nxt}, the end of everything X sent before). A Linux receiver (RFC 5961) acts
 * only on {@link #EXACT}; other in-window values draw a challenge ACK.
 */
public enum RstSequence {
    /** seq equals the peer's rcv_nxt: the RST is accepted. */
    EXACT,
    /** inside the peer's receive window but not exact. */
    IN_WINDOW,
    /** seq 0 (an RST answering a segment without ACK). */
    ZERO,
    /** outside the peer's window: ignored by the peer. */
    OUT_OF_WINDOW,
    /** X sent no RST. */
    NO_RST,
    /** not captured (no privilege to capture). */
    UNKNOWN
}
