package io.github.sockopt4j;

import java.time.Duration;

/** Waits for an observable condition, bounded in time; loopback conditions hold within microseconds. */
final class Await {
    private Await() {}

    interface IoCondition {
        boolean holds() throws Exception;
    }

    static boolean until(Duration limit, IoCondition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }
}
