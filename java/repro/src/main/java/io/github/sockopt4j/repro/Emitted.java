package io.github.sockopt4j.repro;

/** What the server's (X's) kernel put on the wire to end the connection. */
public enum Emitted {
    /** neither FIN nor RST (the connection was left open). */
    NOTHING,
    /** a FIN, no RST: the orderly close. */
    FIN,
    /** an RST without a FIN before it: the abort. */
    RST,
    /** a FIN, later an RST (data arrived after the close). */
    FIN_THEN_RST;

    /** The value for what was seen: a FIN and/or an RST, in that order. */
    static Emitted of(boolean fin, boolean rst) {
        return rst ? (fin ? FIN_THEN_RST : RST) : (fin ? FIN : NOTHING);
    }
}
