package io.github.sockopt4j.bench;

import static io.github.sockopt4j.bench.JvmFlags.NATIVE_ACCESS;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_IO;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_NET;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_NIO;

import java.io.IOException;
import java.net.StandardSocketOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

/**
 * {@code setsockopt(TCP_NODELAY)}: sockopt4j with the backend a user gets by default (FFM on
 * JDK 22+, JNA before) against the JDK's own {@code SocketChannel.setOption} and a bare JNA call,
 * in the same run. {@link SetOptionFfmBenchmark} and {@link SetOptionJnaBenchmark} force a backend.
 */
@Fork(value = 2, jvmArgsAppend = {OPEN_NIO, OPEN_NET, OPEN_IO, NATIVE_ACCESS})
public class SetOptionBenchmark extends LoopbackBenchmark {
    private final JnaDirectBaseline jnaBaseline = new JnaDirectBaseline();

    /** The bare JNA direct call, unguarded: what sockopt4j's checks and locking cost on top. */
    @Benchmark
    public int jnaDirectBaseline() {
        flag = !flag;
        return jnaBaseline.set(fd, level, optname, flag ? 1 : 0);
    }

    @Benchmark
    public void jdkSetOption() throws IOException {
        flag = !flag;
        client.setOption(StandardSocketOptions.TCP_NODELAY, flag);
    }
}
