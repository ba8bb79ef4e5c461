package io.github.sockopt4j.repro;

import io.github.sockopt4j.TcpCounters;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel counters a close scenario moves, as deltas around one run ({@link TcpCounters};
 * names without their group, as in the expectations). They are the scenario's alone only in a
 * network namespace of its own.
 */
final class Counters {
    static final List<String> NAMES = List.of("TCPAbortOnClose", "TCPAbortOnData", "TCPAbortOnLinger", "OutRsts");

    private final TcpCounters before;

    private Counters(TcpCounters before) {
        this.before = before;
    }

    /** Counters from now on; empty deltas when they cannot be read (no /proc/net). */
    static Counters start() {
        try {
            return new Counters(TcpCounters.snapshot());
        } catch (IOException e) {
            return new Counters(null);
        }
    }

    Map<String, Long> deltas() {
        Map<String, Long> d = new TreeMap<>();
        if (before != null) {
            try {
                TcpCounters delta = TcpCounters.delta(before, TcpCounters.snapshot());
                NAMES.forEach(n -> d.put(n, delta.get(n)));
            } catch (IOException e) {
                d.clear();
            }
        }
        return d;
    }
}
