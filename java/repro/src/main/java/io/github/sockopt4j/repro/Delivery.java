package io.github.sockopt4j.repro;

/** How much of what the server application wrote the client application read, bytes verified. */
public enum Delivery {
    /** every byte, in order (same length and hash). */
    ALL,
    /** a proper prefix, byte-exact: the rest was lost. */
    PARTIAL,
    /** nothing, although something was written. */
    NONE,
    /** the bytes read are not a prefix of what was written: a harness or kernel bug. */
    CORRUPT;

    static Delivery of(long written, long received, boolean prefixMatches) {
        if (!prefixMatches) {
            return CORRUPT;
        }
        if (received == written) {
            return ALL;
        }
        return received == 0 ? NONE : PARTIAL;
    }
}
