package io.github.sockopt4j.repro;

/**
 * One result of a call the client (Y) made, as the application saw it. Runs of the same result
 * are merged, so a sequence reads like {@code WRITE_OK DATA ECONNRESET EOF}.
 */
public enum PeerEvent {
    /** {@code write} accepted every byte. */
    WRITE_OK,
    /** {@code read} returned bytes. */
    DATA,
    /** {@code read} returned end of stream. */
    EOF,
    /** a call failed with ECONNRESET ("Connection reset"). */
    ECONNRESET,
    /** a call failed with EPIPE ("Broken pipe"). */
    EPIPE,
    /** any other failure (its message is kept in the outcome's notes): always unexpected. */
    OTHER
}
