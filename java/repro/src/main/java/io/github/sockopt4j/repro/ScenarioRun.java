package io.github.sockopt4j.repro;

import io.github.sockopt4j.testkit.Payload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs one scenario in this JVM: counters around it, the wire capture when privileged, the
 * steps, then the outcome. {@code isolated} only says whether this JVM has a network namespace
 * of its own ({@link Isolation} starts such JVMs).
 */
final class ScenarioRun {
    private ScenarioRun() {}

    static Outcome run(Scenario scenario, boolean isolated, Optional<Path> pcapDir) throws Exception {
        CloseWarmup.run();
        Map<String, String> notes = new TreeMap<>();
        WireCapture[] capture = new WireCapture[1];
        Counters counters = Counters.start();
        Stage stage = Stage.open(scenario.buffers(), port -> {
            WireCapture.Result r = WireCapture.open(port);
            capture[0] = r.capture().orElse(null);
            notes.put("wire", r.status());
        });
        try {
            scenario.steps().run(stage);
            stage.finish();
        } catch (Exception e) {
            notes.put("failure", e.toString());
        } finally {
            stage.close();
        }
        Map<String, Long> deltas = counters.deltas();
        ServerLog x = stage.server();
        ClientLog y = stage.client();
        notes.putAll(x.notes());
        notes.putAll(y.notes());

        Emitted emitted = y.inferredEmission();
        RstSequence rst = RstSequence.UNKNOWN;
        boolean wire = false;
        if (capture[0] != null) {
            try (WireCapture c = capture[0]) {
                List<WireCapture.Frame> frames = c.stop();
                Optional<String> problem = c.problem();
                if (problem.isPresent()) {
                    notes.put("wire", "incomplete capture: " + problem.get());
                } else {
                    List<TcpSegment> segments = new ArrayList<>();
                    frames.forEach(f -> segments.add(TcpSegment.parse(f.head(), f.length())));
                    WireVerdict v = WireVerdict.of(segments, stage.serverPort());
                    emitted = v.emitted();
                    rst = v.rstSequence();
                    wire = true;
                    notes.put("wire", segments.size() + " segments" + (v.detail().isEmpty() ? "" : "; " + v.detail()));
                }
                if (pcapDir.isPresent()) {
                    Path file = pcapDir.get().resolve(scenario.id() + ".pcap");
                    PcapFile.write(file, frames);
                    notes.put("pcap", file.toString());
                }
            }
        }
        byte[] written = x.written();
        byte[] received = y.received();
        boolean prefix = received.length <= written.length
                && Payload.sha256(received, received.length).equals(Payload.sha256(written, received.length));
        return new Outcome(scenario.id(), written.length, received.length,
                Delivery.of(written.length, received.length, prefix), y.events(), emitted, wire, rst, deltas,
                isolated, x.closeMillis(), x.drainEnd(), notes);
    }
}
