/**
 * sockopt4j metrics for Micrometer: {@link io.github.sockopt4j.micrometer.CloseMetrics}, a
 * {@code MeterBinder} of every close sockopt4j makes or observes in this JVM.
 */
module io.github.sockopt4j.micrometer {
    requires transitive io.github.sockopt4j;
    requires transitive micrometer.core;

    exports io.github.sockopt4j.micrometer;
}
