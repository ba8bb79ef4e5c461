package io.github.sockopt4j.repro;

import java.time.Duration;

/** Waits for an observable condition, bounded in time (loopback conditions hold within microseconds). */
final class Bounded {
    private Bounded() {}

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Whether {@code condition} held before {@code limit} passed; polls every millisecond. */
    static boolean await(Duration limit, Condition condition) throws Exception {
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
