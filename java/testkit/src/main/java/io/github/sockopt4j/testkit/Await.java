package io.github.sockopt4j.testkit;

import java.time.Duration;

/** Polls an observable condition until it holds or a deadline passes; tests await instead of sleeping. */
public final class Await {
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(1); // the pause between two polls of the condition
        }
    }
}
