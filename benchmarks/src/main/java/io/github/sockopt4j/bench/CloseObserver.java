package io.github.sockopt4j.bench;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.micrometer.CloseMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * What watches the closes of a benchmark that measures observing ({@code @Param observer}):
 * {@code none}; {@code jfrDefault}, a JFR recording with the JDK's {@code default} settings (the
 * sockopt4j event off in it); {@code jfrEvent}, a recording with the jar's {@code sockopt4j.jfc}
 * (the event on); {@code micrometer}, {@code CloseMetrics} bound to a {@code SimpleMeterRegistry}.
 * Recordings stay in memory: the commit is measured, not the disk.
 */
final class CloseObserver implements AutoCloseable {
    private final Recording recording;
    private final CloseMetrics metrics;

    private CloseObserver(Recording recording, CloseMetrics metrics) {
        this.recording = recording;
        this.metrics = metrics;
    }

    /** Starts {@code observer}; an unknown name is refused with the allowed ones. */
    static CloseObserver start(String observer) throws Exception {
        switch (observer) {
            case "none":
                return new CloseObserver(null, null);
            case "jfrDefault":
                return recording(Configuration.getConfiguration("default"));
            case "jfrEvent":
                try (InputStream in = CloseReport.class.getResourceAsStream("/io/github/sockopt4j/sockopt4j.jfc")) {
                    return recording(Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8)));
                }
            case "micrometer":
                CloseMetrics metrics = new CloseMetrics();
                metrics.bindTo(new SimpleMeterRegistry());
                return new CloseObserver(null, metrics);
            default:
                throw new IllegalArgumentException("observer = " + observer
                        + " is not one of: none, jfrDefault, jfrEvent, micrometer");
        }
    }

    private static CloseObserver recording(Configuration settings) {
        Recording recording = new Recording(settings);
        recording.setToDisk(false);
        recording.start();
        return new CloseObserver(recording, null);
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
