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
