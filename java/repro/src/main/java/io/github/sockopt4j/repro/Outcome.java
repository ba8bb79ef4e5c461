package io.github.sockopt4j.repro;

import java.util.List;
import java.util.Map;

/**
 * What one run of a scenario did.
 *
 * @param id              the scenario
 * @param serverWrote     bytes the server application (X) wrote
 * @param clientReceived  bytes the client application (Y) read
 * @param delivery        whether those bytes are all of X's, a byte-exact prefix, or wrong (SHA-256)
 * @param clientEvents    Y's read/write results in order, runs merged
 * @param emitted         what X's kernel sent to end the connection
 * @param wire            whether {@code emitted} was seen on the wire (else inferred from Y's events)
 * @param rstSequence     where the sequence number of X's RST falls for Y (needs the wire)
 * @param counters        TcpExt/Tcp counter deltas around the run (empty: not measured)
 * @param isolated        whether the run had a network namespace of its own (counters are its alone)
 * @param closeMillis     how long X's close step took
 * @param drainEnd        how a lingering close's drain ended (empty for other closes)
 * @param notes           scenario facts and anything unexpected, by name
 */
public record Outcome(String id, long serverWrote, long clientReceived, Delivery delivery,
        List<PeerEvent> clientEvents, Emitted emitted, boolean wire, RstSequence rstSequence,
        Map<String, Long> counters, boolean isolated, long closeMillis, String drainEnd,
        Map<String, String> notes) {

    public Outcome {
        clientEvents = List.copyOf(clientEvents);
        counters = Map.copyOf(counters);
        notes = Map.copyOf(notes);
    }

    /** {@link #closeMillis} in whole seconds, the precision at which close durations are compared. */
    public long closeSeconds() {
        return closeMillis / 1000;
    }
}
