package io.github.sockopt4j.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Closes per second of one single-shot burst (JMH reports no operation counters in single-shot
 * mode, so the rate is computed here), reported as the mean of the iterations: JMH sums
 * {@code EVENTS} counters over every measurement iteration of every fork, so each iteration
 * records its rate divided by their number.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ClosesPerSecond {
    public long closesPerSecond;

    private int iterations;

    @Setup(Level.Trial)
    public void countIterations(BenchmarkParams params) {
        iterations = measuredIterations(params);
    }

    /** Records {@code closes} done since {@code startNanos} (from {@link System#nanoTime()}). */
    void record(int closes, long startNanos) {
        closesPerSecond = closes * 1_000_000_000L / (System.nanoTime() - startNanos) / iterations;
    }

    /** The measurement iterations of every fork, over which JMH sums a counter. */
    static int measuredIterations(BenchmarkParams params) {
        return params.getMeasurement().getCount() * Math.max(1, params.getForks());
    }
}
