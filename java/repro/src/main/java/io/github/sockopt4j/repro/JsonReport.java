package io.github.sockopt4j.repro;

import java.util.List;

/** The {@code --json} document: per scenario, what X does, the expectation, every outcome, the verdict. */
record JsonReport(List<Entry> scenarios) {

    record Entry(String id, String serverDoes, Expectation expected, List<Outcome> outcomes,
            List<String> differences, boolean asExpected, boolean identical) {}

    static JsonReport of(List<ScenarioResult> results) {
        return new JsonReport(results.stream().map(r -> new Entry(r.scenario().id(), r.scenario().serverDoes(),
                r.scenario().expected(), r.outcomes(), r.differences(), r.asExpected(), r.identical())).toList());
    }
}
