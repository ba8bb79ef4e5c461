package io.github.sockopt4j.bootapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sockopt4j.testkit.AppProcess;
import io.github.sockopt4j.testkit.clients.ObservedTrials;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sockopt4j.close.mode=observe} in this module's Boot app, read where an operator reads it:
 * Python's {@code http.client} uploads 8 MiB, the app answers 413 unread, and Tomcat's own close
 * (unchanged) resets the connection. The RSTs counted at {@code /actuator/prometheus}
 * ({@code sockopt4j_closes_total{signal="RST"}}) and recorded as JFR events equal the clients that
 * saw the reset, trial by trial; with lingering on (the default mode) both count none and every
 * client gets the 413.
 */
class ObserveModeTest {
    private static final int TRIALS = Integer.getInteger("sockopt4j.trials", 10);
    private static final Duration WAIT = ObservedTrials.REPORT_WAIT;
    private static final String EVENT = "io.github.sockopt4j.Close";

    @Test
    @Timeout(300)
    void observedRstsEqualTheClientsResetsAndLingeringLeavesNone() throws Exception {
        Run observed = run("observe");
        Run lingering = run("linger");
        observed.print("observe");
        lingering.print("linger");
        ObservedTrials.assertRstsEqualResets("observe mode, /actuator/prometheus", observed.trials());
        assertEquals(observed.trials().stream().map(t -> t.reset() ? 1 : 0).toList(), observed.events(),
                "observe mode: the RST events in each trial's time");
        assertEquals(TRIALS, ObservedTrials.resets(observed.trials()),
                "observe mode changes nothing: Tomcat resets every 8 MiB upload");
        ObservedTrials.assertRstsEqualResets("linger mode, /actuator/prometheus", lingering.trials());
        assertEquals(0, ObservedTrials.resets(lingering.trials()), "linger mode: every client gets the 413");
        assertEquals(Collections.nCopies(TRIALS, 0), lingering.events(), "linger mode: no RST event");
    }

    /** The trials of one app, and the RST events the recording holds in each trial's time. */
    private record Run(List<ObservedTrials.Trial> trials, List<Integer> events) {
        void print(String mode) {
            System.out.printf("[observe] %-7s %d of %d clients saw a reset, %d RSTs counted, %d RST events%n", mode,
                    ObservedTrials.resets(trials), trials.size(), trials.stream().mapToInt(ObservedTrials.Trial::rsts).sum(),
                    events.stream().mapToInt(Integer::intValue).sum());
        }
    }

    private static Run run(String mode) throws Exception {
        Path recording = Files.createTempFile("sockopt4j-observe-" + mode, ".jfr");
        List<String> flags = new ArrayList<>(Arrays.asList(System.getProperty("sockopt4j.jvmFlags").split(" ")));
        flags.add("-XX:StartFlightRecording=settings=" + jfc() + ",filename=" + recording + ",dumponexit=true");
        List<String> classPath = new ArrayList<>();
        classPath.add(System.getProperty("sockopt4j.appClasses"));
        classPath.addAll(AppProcess.classPathFile(Path.of(System.getProperty("sockopt4j.appClasspath"))));
        HttpClient scraper = HttpClient.newHttpClient();
        List<ObservedTrials.Trial> trials;
        AppProcess app = AppProcess.start(classPath, flags, "Started UploadApp", "io.github.sockopt4j.bootapp.UploadApp",
                "--sockopt4j.close.mode=" + mode, "--management.endpoints.web.exposure.include=prometheus");
        try {
            trials = ObservedTrials.run(RealClient.PYTHON_HTTP_CLIENT, app.port(), Upload.of(8 << 20, "/upload"), null,
                    TRIALS, () -> scrape(scraper, app, null), () -> scrape(scraper, app, "RST"));
            System.out.println("[observe] " + mode + ": /actuator/prometheus, sockopt4j's lines:\n"
                    + prometheus(scraper, app).lines().filter(l -> l.contains("sockopt4j"))
                    .reduce("", (a, b) -> a + "  " + b + "\n"));
        } finally {
            app.close(); // SIGTERM: the recording is written at exit
        }
        List<RecordedEvent> rsts = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals(EVENT))
                .filter(e -> "Tomcat".equals(e.getString("integration")) && "RST".equals(e.getString("finalSignal")))
                .toList();
        Files.delete(recording);
        List<Integer> events = trials.stream().map(t -> (int) rsts.stream()
                .filter(e -> !e.getStartTime().isBefore(t.start()) && !e.getStartTime().isAfter(t.end())).count())
                .toList();
        return new Run(trials, events);
    }

    /** {@code sockopt4j_closes_total} of the Tomcat connector: all, or those with {@code signal}. */
    private static double scrape(HttpClient scraper, AppProcess app, String signal) throws Exception {
        double sum = 0;
        for (String line : prometheus(scraper, app).split("\n")) {
            if (line.startsWith("sockopt4j_closes_total{") && line.contains("integration=\"Tomcat\"")
                    && (signal == null || line.contains("signal=\"" + signal + "\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String prometheus(HttpClient scraper, AppProcess app) throws Exception {
        HttpResponse<String> r = scraper.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/actuator/prometheus")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("/actuator/prometheus answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** The jar's {@code sockopt4j.jfc}, as a file the child JVM's flag can name. */
    private static Path jfc() throws Exception {
        Path file = Files.createTempFile("sockopt4j", ".jfc");
        file.toFile().deleteOnExit();
        try (InputStream in = ObserveModeTest.class.getResourceAsStream("/io/github/sockopt4j/sockopt4j.jfc")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
