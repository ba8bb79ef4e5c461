package io.github.sockopt4j.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link ForcedBackendBenchmark} on sockopt4j's JNI library, for JDK 22+ where the default is
 * FFM (on JDK 17–21 JNI is the default, measured by {@link OptionCallBenchmark}); route
 * {@code sockopt4jJni}.
 */
@Fork(value = 2, jvmArgsAppend = "-Dsockopt4j.backend=jni")
public class ForcedJniBenchmark extends ForcedBackendBenchmark {
}
