package io.github.sockopt4j.bench;

import static io.github.sockopt4j.bench.JvmFlags.JNA;
import static io.github.sockopt4j.bench.JvmFlags.NATIVE_ACCESS;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_IO;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_NET;
import static io.github.sockopt4j.bench.JvmFlags.OPEN_NIO;

import org.openjdk.jmh.annotations.Fork;

/** {@code NativeSocket.set(TCP_NODELAY)} with the JNA backend forced, on any JDK. */
@Fork(value = 2, jvmArgsAppend = {OPEN_NIO, OPEN_NET, OPEN_IO, NATIVE_ACCESS, JNA})
public class SetOptionJnaBenchmark extends LoopbackBenchmark {
}
