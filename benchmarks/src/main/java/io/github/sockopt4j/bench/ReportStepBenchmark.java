package io.github.sockopt4j.bench;

import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.internal.close.CloseEngine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The report step of every close alone, in nanoseconds, where {@link CloseEventBenchmark}'s
 * microseconds of syscalls would hide it: {@code report} is {@code CloseEngine.report} (the
 * report, its debug check, the JFR event's check or commit, the listeners), {@code reportObject}
 * only the {@code CloseReport} it builds, which is all the step did before the event and the
 * listeners existed. Their difference with {@code observer=none} is what an unobserved close pays
 * for being observable.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ReportStepBenchmark {
    private static final SocketQueues QUEUES = new SocketQueues(1000, 0, 16384);

    @Param({"none", "jfrDefault", "jfrEvent", "micrometer"})
    public String observer;

    private CloseObserver observing;

    @Setup(Level.Trial)
    public void observe() throws Exception {
        observing = CloseObserver.start(observer);
    }

    @TearDown(Level.Trial)
    public void stop() {
        observing.close();
    }

    @Benchmark
    public CloseReport report() {
        return CloseEngine.report("Close", null, null, CloseStrategy.PLAIN, QUEUES, QUEUES, 0,
                DrainEnd.NOT_APPLICABLE, FinalSignal.RST, System.nanoTime(), null);
    }

    @Benchmark
    public CloseReport reportObject() {
        return new CloseReport(CloseStrategy.PLAIN, QUEUES, QUEUES, 0, DrainEnd.NOT_APPLICABLE, FinalSignal.RST,
                Duration.ofNanos(System.nanoTime() - 1), null);
    }
}
