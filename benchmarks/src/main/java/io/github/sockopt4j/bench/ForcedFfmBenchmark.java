package io.github.sockopt4j.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link ForcedBackendBenchmark} on FFM, JDK 22+ only, next to the default JNI backend of
 * {@link OptionCallBenchmark}; route {@code sockopt4jFfm}.
 */
@Fork(value = 2, jvmArgsAppend = "-Dsockopt4j.backend=ffm")
public class ForcedFfmBenchmark extends ForcedBackendBenchmark {
}
