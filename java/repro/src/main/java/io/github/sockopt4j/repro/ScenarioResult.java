package io.github.sockopt4j.repro;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * All runs of one scenario: its outcomes, how the first differs from the expectation, and
 * whether every repeat gave the same outcome (times and notes aside, close time in seconds).
 */
record ScenarioResult(Scenario scenario, List<Outcome> outcomes, List<String> differences) {

    static ScenarioResult of(Scenario scenario, List<Outcome> outcomes) {
        return new ScenarioResult(scenario, List.copyOf(outcomes), scenario.expected().differences(outcomes.get(0)));
    }

    Outcome first() {
        return outcomes.get(0);
    }

    boolean asExpected() {
        return differences.isEmpty() && outcomes.stream().allMatch(o -> scenario.expected().differences(o).isEmpty());
    }

    boolean identical() {
        Object first = signature(outcomes.get(0));
        return outcomes.stream().allMatch(o -> Objects.equals(signature(o), first));
    }

    /**
     * The parts of an outcome that must repeat exactly: those the expectation judges. Counters it
     * leaves out on purpose (one that moves or not with a delayed ACK) are left out here too.
     */
    private List<Object> signature(Outcome o) {
        Map<String, Long> judged = new TreeMap<>(o.counters());
        judged.keySet().retainAll(scenario.expected().counters().keySet());
        return List.of(o.serverWrote(), o.clientReceived(), o.delivery(), o.clientEvents(), o.emitted(),
                o.rstSequence(), judged, o.closeSeconds(), o.drainEnd());
    }
}
