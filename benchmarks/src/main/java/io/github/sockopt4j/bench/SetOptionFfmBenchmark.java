package io.github.sockopt4j.bench;

import static io.github.sockopt4j.bench.JvmFlags.FFM;
import static io.github.sockopt4j.bench.JvmFlags.NATIVE_ACCESS;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_IO;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_NET;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_NIO;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

/**
 * {@code NativeSocket.set(TCP_NODELAY)} with the FFM backend forced, and the bare FFM downcall
 * with the pointer passed both ways (a {@code long}, as sockopt4j does, or a {@code MemorySegment}
 * made from the address). JDK 22+ only: elsewhere the fork fails, saying so.
 */
@Fork(value = 2, jvmArgsAppend = {OPEN_NIO, OPEN_NET, OPEN_IO, NATIVE_ACCESS, FFM})
public class SetOptionFfmBenchmark extends LoopbackBenchmark {
    private final FfmDirectBaseline ffmBaseline = new FfmDirectBaseline();

    /** The bare downcall, pointer as a {@code JAVA_LONG}: the floor for the FFM backend. */
    @Benchmark
    public int ffmDirectBaseline() {
        flag = !flag;
        return ffmBaseline.set(fd, level, optname, flag ? 1 : 0);
    }

    /** The same with the pointer as an {@code ADDRESS}, wrapped by {@code MemorySegment.ofAddress} per call. */
    @Benchmark
    public int ffmDirectBaselineSegment() {
        flag = !flag;
        return ffmBaseline.setViaSegment(fd, level, optname, flag ? 1 : 0);
    }
}
