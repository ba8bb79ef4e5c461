package io.github.sockopt4j.bench;

import io.github.sockopt4j.TcpInfoField;
import io.github.sockopt4j.TcpOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sockopt4j with the JNA backend forced ({@code -Dsockopt4j.backend=jna}), so that on JDK 22+,
 * where the default is FFM, one run shows both backends side by side. Same calls as
 * {@link OptionCallBenchmark}; the route is {@code sockopt4jJna}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Dsockopt4j.backend=jna")
public class ForcedJnaBenchmark {
    private boolean flag;

    @Benchmark
    public void setTcpNodelay_sockopt4jJna(LoopbackState s) throws IOException {
        flag = !flag;
        s.nativeSocket.set(TcpOptions.TCP_NODELAY, flag);
    }

    @Benchmark
    public boolean getTcpNodelay_sockopt4jJna(LoopbackState s) throws IOException {
        return s.nativeSocket.get(TcpOptions.TCP_NODELAY);
    }

    @Benchmark
    public long tcpInfo_sockopt4jJna(LoopbackState s) throws IOException {
        s.nativeSocket.tcpInfo(s.reusableInfo);
        return s.reusableInfo.get(TcpInfoField.RTT);
    }

    @Benchmark
    public int unreadBytes_sockopt4jJna(LoopbackState s) throws IOException {
        return s.nativeSocket.unreadBytes();
    }
}
