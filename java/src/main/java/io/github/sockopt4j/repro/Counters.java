package io.github.sockopt4j.repro;

import java.util.Map;

/**
 * The kernel counters a scenario moves (TcpExt {@code TCPAbortOnClose}, {@code TCPAbortOnData},
 * {@code TCPAbortOnLinger}, Tcp {@code OutRsts}), as deltas around one run.
 */
final class Counters {
    /** The names the table and the expectations use. */
    static final java.util.List<String> NAMES = java.util.List.of("TCPAbortOnClose", "TCPAbortOnData",
            "TCPAbortOnLinger", "OutRsts");

    private Counters() {}

    /** Counters from the start of a run. */
    interface Window {
        /** The deltas since {@link #open()}; empty when the counters cannot be read. */
        Map<String, Long> deltas();
    }

    // TODO(issue 4): measure with TcpCounters.snapshot()/delta() once it is merged.
    static Window open() {
        return Map::of;
    }
}
