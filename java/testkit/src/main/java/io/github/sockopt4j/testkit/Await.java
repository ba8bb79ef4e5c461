package io.github.sockopt4j.testkit;

import java.time.Duration;

/**
 * Polls an observable condition until it holds or a deadline passes: tests and the command
 * await instead of sleeping (loopback conditions hold within microseconds).
 */
public final class Await {
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} when it did not in time. */
    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        if (!within(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }

    /** Whether {@code condition} held before {@code timeout} passed, for callers that report a miss themselves. */
    public static boolean within(Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1); // the pause between two polls of the condition
        }
        return true;
    }
}
