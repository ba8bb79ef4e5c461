package io.github.sockopt4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bare FFM {@code setsockopt} downcall, the floor of the FFM backend, with the pointer passed
 * as a {@code long} (as sockopt4j does) or as a {@code MemorySegment} made from the address.
 * JDK 22+ only: {@code make bench} runs this class only on such a JDK.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FfmBaselineBenchmark {
    private FfmDirectBaseline ffm;
    private boolean flag;

    @Setup(Level.Trial)
    public void link() {
        ffm = new FfmDirectBaseline(); // throws, saying why, below JDK 22
    }

    @Benchmark
    public int setTcpNodelay_ffmDirect(LoopbackState s) {
        flag = !flag;
        return ffm.set(s.fd, s.tcpLevel, s.nodelay, flag ? 1 : 0);
    }

    @Benchmark
    public int setTcpNodelay_ffmDirectSegment(LoopbackState s) {
        flag = !flag;
        return ffm.setViaSegment(s.fd, s.tcpLevel, s.nodelay, flag ? 1 : 0);
    }
}
