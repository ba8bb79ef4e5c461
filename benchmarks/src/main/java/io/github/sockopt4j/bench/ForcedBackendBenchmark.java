package io.github.sockopt4j.bench;

import io.github.sockopt4j.TcpInfoField;
import io.github.sockopt4j.TcpOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sockopt4j with one backend forced by a subclass ({@code -Dsockopt4j.backend=...} in its
 * {@code @Fork}), so that one run shows the backends side by side with the default one of
 * {@link OptionCallBenchmark}. Same calls; BenchReport names the route {@code sockopt4j<Backend>}
 * after the subclass ({@code ForcedFfmBenchmark}: {@code sockopt4jFfm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ForcedBackendBenchmark {
    private boolean flag;

    @Benchmark
    public void setTcpNodelay_forced(LoopbackState s) throws IOException {
        flag = !flag;
        s.nativeSocket.set(TcpOptions.TCP_NODELAY, flag);
    }

    @Benchmark
    public boolean getTcpNodelay_forced(LoopbackState s) throws IOException {
        return s.nativeSocket.get(TcpOptions.TCP_NODELAY);
    }

    @Benchmark
    public long tcpInfo_forced(LoopbackState s) throws IOException {
        s.nativeSocket.tcpInfo(s.reusableInfo);
        return s.reusableInfo.get(TcpInfoField.RTT);
    }

    @Benchmark
    public int unreadBytes_forced(LoopbackState s) throws IOException {
        return s.nativeSocket.unreadBytes();
    }
}
