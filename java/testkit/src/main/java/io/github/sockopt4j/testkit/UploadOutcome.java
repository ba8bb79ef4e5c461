package io.github.sockopt4j.testkit;

import java.util.EnumMap;
import java.util.Map;

/**
 * How one connection of an {@link UploadBurst} ended, from its client's side: exactly one per
 * connection, so that a tally of them asserts every connection and not an average.
 */
public enum UploadOutcome {
    /** The whole expected response, then the server's FIN: what a lingering close delivers. */
    RESPONSE_EOF,
    /** The whole expected response, then a reset (on a read or a write): an abortive close after the response. */
    RESPONSE_RESET,
    /** A reset before the whole response had arrived: part of it, or none, was lost. */
    PARTIAL_RESET,
    /** The server's FIN before the whole response. */
    PARTIAL_EOF,
    /** Bytes that are not the expected response: another status, or more after its body. */
    WRONG,
    /** Any other failure: the connect, or an error that is not a reset. */
    ERROR,
    /** No end within the run limit. */
    UNFINISHED;

    /** The tally in a burst's result ({@link PeerProcess#result}): every outcome and its count, 0 if absent. */
    public static Map<UploadOutcome, Long> tally(Map<String, Long> result) {
        Map<UploadOutcome, Long> m = new EnumMap<>(UploadOutcome.class);
        for (UploadOutcome o : values()) {
            m.put(o, result.getOrDefault(o.name(), 0L));
        }
        return m;
    }

    /** A tally where every connection ended {@code outcome}: what a test expects. */
    public static Map<UploadOutcome, Long> only(UploadOutcome outcome, long count) {
        Map<UploadOutcome, Long> m = new EnumMap<>(UploadOutcome.class);
        for (UploadOutcome o : values()) {
            m.put(o, o == outcome ? count : 0L);
        }
        return m;
    }

    /** Whether the connection ended with a reset. */
    public boolean reset() {
        return this == RESPONSE_RESET || this == PARTIAL_RESET;
    }
}
