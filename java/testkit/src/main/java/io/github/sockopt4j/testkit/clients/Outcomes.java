package io.github.sockopt4j.testkit.clients;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counting the outcomes of a cell of trials, for assertions and the one line a test prints per cell. */
public final class Outcomes {
    private Outcomes() {}

    /** Trials in which the client reported what the server sent (the 413, the alert, a clean close). */
    public static long delivered(List<ClientOutcome> outcomes) {
        return outcomes.stream().filter(ClientOutcome::delivered).count();
    }

    /** How often the client said what, its words cut at 120 characters. */
    public static Map<String, Integer> tally(List<ClientOutcome> outcomes) {
        Map<String, Integer> tally = new TreeMap<>();
        for (ClientOutcome o : outcomes) {
            String text = o.text();
            tally.merge(text.length() > 120 ? text.substring(0, 120) : text, 1, Integer::sum);
        }
        return tally;
    }

    /** {@code "n/N delivered {words=count, ...}"}. */
    public static String summary(List<ClientOutcome> outcomes) {
        return delivered(outcomes) + "/" + outcomes.size() + " delivered " + tally(outcomes);
    }
}
