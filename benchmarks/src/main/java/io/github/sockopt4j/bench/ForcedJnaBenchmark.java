package io.github.sockopt4j.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link ForcedBackendBenchmark} on JNA, the fallback on every JDK; route {@code sockopt4jJna}. */
@Fork(value = 2, jvmArgsAppend = "-Dsockopt4j.backend=jna")
public class ForcedJnaBenchmark extends ForcedBackendBenchmark {
}
