package io.github.sockopt4j.testkit;

import java.io.File;
import java.time.Duration;

/**
 * This JVM's open file descriptors ({@code /proc/self/fd}), now and at their peak: a thread samples
 * the count while a burst runs, so that a flood that would exhaust fds is seen even when it is
 * over by the time the test looks.
 */
public final class FdCount implements AutoCloseable {
    private final Thread sampler;
    private volatile boolean stop;
    private volatile long peak;
    private volatile long samples;

    private FdCount(Duration every) {
        peak = now();
        sampler = new Thread(() -> {
            // Bounded by close(): it stops the loop and joins.
            while (!stop) {
                peak = Math.max(peak, now());
                samples++;
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fd-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Open fds now, without the one the listing itself opens. */
    public static long now() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length - 1;
    }

    /**
     * The open fds once they stop changing, for a baseline: what an earlier test left may close
     * later (a JDK {@code HttpClient} frees its selector's fds only after it is collected, and its
     * selector thread notices within 3 s), and would otherwise take the count below the baseline.
     * A GC, then until the count holds for {@code quiet}; at most {@code limit}, then the count as it is.
     */
    public static long settled(Duration quiet, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        System.gc();
        long count = now();
        long since = System.nanoTime();
        // Bounded by limit.
        while (System.nanoTime() - end < 0) {
            Thread.sleep(50);
            long c = now();
            if (c != count) {
                count = c;
                since = System.nanoTime();
                System.gc();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                break;
            }
        }
        return count;
    }

    /** Samples every {@code every} until {@link #close()}. */
    public static FdCount sample(Duration every) {
        return new FdCount(every);
    }

    public long peak() {
        return peak;
    }

    public long samples() {
        return samples;
    }

    /** Stops sampling; the peak is final then. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.join(5_000);
    }
}
