package io.github.sockopt4j.testkit.clients;

/**
 * What a real client reported in one trial.
 *
 * @param delivered whether it reported what the server sent (the 413, or the TLS alert)
 * @param text      its own words: the status it printed, or its exact error text (the port
 *                  number replaced by {@code PORT}, so that trials compare)
 */
public record ClientOutcome(boolean delivered, String text) {}
