package io.github.sockopt4j.repro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome a scenario must have on Linux (measured on 6.18). Counters are compared only when
 * the run was isolated, the RST's sequence number only when the wire was captured.
 *
 * @param emitted      X's FIN/RST
 * @param clientEvents Y's read/write results, runs merged
 * @param delivery     how much of X's data Y's application read
 * @param closeSeconds X's close step, whole seconds
 * @param counters     TcpExt/Tcp counter deltas (names as in /proc/net/netstat, e.g. TCPAbortOnClose)
 * @param rstSequence  where X's RST falls for Y
 * @param drainEnd     how a lingering close's drain ended ("" for other closes)
 * @param notes        scenario facts that must hold (e.g. bytes queued after SHUT_RD)
 */
public record Expectation(Emitted emitted, List<PeerEvent> clientEvents, Delivery delivery, long closeSeconds,
        Map<String, Long> counters, RstSequence rstSequence, String drainEnd, Map<String, String> notes) {

    public Expectation {
        clientEvents = List.copyOf(clientEvents);
        counters = Map.copyOf(counters);
        notes = Map.copyOf(notes);
    }

    /** The usual shape: X's signal, Y's events, delivery; close returns at once, no drain, no notes. */
    static Expectation of(Emitted emitted, Delivery delivery, Map<String, Long> counters, PeerEvent... events) {
        RstSequence rst = emitted == Emitted.RST || emitted == Emitted.FIN_THEN_RST
                ? RstSequence.EXACT : RstSequence.NO_RST;
        return new Expectation(emitted, List.of(events), delivery, 0, counters, rst, "", Map.of());
    }

    Expectation withCloseSeconds(long seconds) {
        return new Expectation(emitted, clientEvents, delivery, seconds, counters, rstSequence, drainEnd, notes);
    }

    Expectation withDrainEnd(String end) {
        return new Expectation(emitted, clientEvents, delivery, closeSeconds, counters, rstSequence, end, notes);
    }

    Expectation withNote(String key, String value) {
        Map<String, String> n = new java.util.TreeMap<>(notes);
        n.put(key, value);
        return new Expectation(emitted, clientEvents, delivery, closeSeconds, counters, rstSequence, drainEnd, n);
    }

    /** Every way {@code o} differs from this expectation; empty when it matches. */
    List<String> differences(Outcome o) {
        List<String> d = new ArrayList<>();
        compare(d, "X emitted", emitted, o.emitted());
        compare(d, "Y events", clientEvents, o.clientEvents());
        compare(d, "delivery", delivery, o.delivery());
        compare(d, "close seconds", closeSeconds, o.closeSeconds());
        compare(d, "drain end", drainEnd, o.drainEnd());
        if (o.wire()) {
            compare(d, "RST sequence", rstSequence, o.rstSequence());
        }
        if (o.isolated() && !o.counters().isEmpty()) {
            counters.forEach((name, delta) -> compare(d, name, delta, o.counters().getOrDefault(name, 0L)));
        }
        notes.forEach((key, value) -> compare(d, key, value, o.notes().get(key)));
        return d;
    }

    private static void compare(List<String> d, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            d.add(what + ": expected " + expected + ", got " + actual);
        }
    }
}
