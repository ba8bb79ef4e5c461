package io.github.sockopt4j.repro;

/**
 * One reproduction: what the server X and the client Y do on one loopback connection, and the
 * outcome Linux must produce.
 *
 * @param id         a short stable name, shared with the C twin in {@code native/repro_twins.c}
 * @param serverDoes what X does, in a few words (the table's second column)
 * @param buffers    the socket buffer sizes that make the run small and deterministic
 * @param expected   the outcome on Linux
 * @param steps      the run itself: X's steps on the calling thread, Y's there or on its own
 */
record Scenario(String id, String serverDoes, Stage.Buffers buffers, Expectation expected, Steps steps) {

    /** The steps of a scenario. Public API only: JDK channels, NativeSocket, Close. */
    interface Steps {
        void run(Stage stage) throws Exception;
    }
}
