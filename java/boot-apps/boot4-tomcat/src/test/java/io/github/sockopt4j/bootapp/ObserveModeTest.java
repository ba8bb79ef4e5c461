package io.github.sockopt4j.bootapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sockopt4j.testkit.AppProcess;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EVENT = "io.github.sockopt4j.Close";

    @Test
    @Timeout(300)
    void observedRstsEqualTheClientsResetsAndLingeringLeavesNone() throws Exception {
        Run observed = run("observe");
        Run lingering = run("linger");
        System.out.printf("[observe] observe: %d of %d clients saw a reset, %d RSTs counted, %d RST events%n",
                observed.resets(), TRIALS, observed.counted(), observed.events());
        System.out.printf("[observe] linger:  %d of %d clients saw a reset, %d RSTs counted, %d RST events%n",
                lingering.resets(), TRIALS, lingering.counted(), lingering.events());
        for (int i = 0; i < TRIALS; i++) {
            Trial t = observed.trials.get(i);
            assertEquals(t.reset() ? 1 : 0, t.countedRsts(), "observe, trial " + (i + 1) + ": " + t);
            assertEquals(t.reset() ? 1 : 0, t.eventRsts(), "observe, trial " + (i + 1) + ": " + t);
        }
        assertEquals(TRIALS, observed.resets(), "observe mode changes nothing: Tomcat resets every 8 MiB upload");
        for (int i = 0; i < TRIALS; i++) {
            Trial t = lingering.trials.get(i);
            assertEquals(new Trial(false, 0, 0, t.client(), t.start(), t.end()), t, "linger, trial " + (i + 1));
        }
    }

    /** One client's upload: whether it saw the reset, and the RSTs the metrics and the events count in its time. */
    private record Trial(boolean reset, int countedRsts, int eventRsts, String client, Instant start, Instant end) {}

    private record Run(List<Trial> trials) {
        long resets() {
            return trials.stream().filter(Trial::reset).count();
        }

        int counted() {
            return trials.stream().mapToInt(Trial::countedRsts).sum();
        }

        int events() {
            return trials.stream().mapToInt(Trial::eventRsts).sum();
        }
    }

    private static Run run(String mode) throws Exception {
        Path recording = Files.createTempFile("sockopt4j-observe-" + mode, ".jfr");
        List<String> flags = new ArrayList<>(Arrays.asList(System.getProperty("sockopt4j.jvmFlags").split(" ")));
        flags.add("-XX:StartFlightRecording=settings=" + jfc() + ",filename=" + recording + ",dumponexit=true");
        List<String> classPath = new ArrayList<>();
        classPath.add(System.getProperty("sockopt4j.appClasses"));
        classPath.addAll(AppProcess.classPathFile(Path.of(System.getProperty("sockopt4j.appClasspath"))));
        Upload upload = Upload.of(8 << 20, "/upload");
        RealClient client = RealClient.PYTHON_HTTP_CLIENT;
        client.requireInstalled();
        List<Trial> trials = new ArrayList<>();
        List<Instant[]> windows = new ArrayList<>();
        HttpClient scraper = HttpClient.newHttpClient(); // JDK 17's is not AutoCloseable
        {
            AppProcess app = AppProcess.start(classPath, flags, "Started UploadApp", "io.github.sockopt4j.bootapp.UploadApp",
                    "--sockopt4j.close.mode=" + mode, "--management.endpoints.web.exposure.include=prometheus");
            try {
                for (int i = 0; i < TRIALS; i++) {
                    double rstBefore = scrape(scraper, app, "RST");
                    double tomcatBefore = scrape(scraper, app, null);
                    Instant start = Instant.now();
                    ClientOutcome outcome = client.trials(Expected.STATUS_413, app.port(), upload, null, 1).get(0);
                    // The upload's close is reported by the time its client ends (observe: before the
                    // reset; linger: the drain ends at the client's close); wait for it to show.
                    Await.until("the upload's close in the metrics", WAIT,
                            () -> scrape(scraper, app, null) > tomcatBefore);
                    Instant end = Instant.now();
                    int counted = (int) (scrape(scraper, app, "RST") - rstBefore);
                    trials.add(new Trial(!outcome.delivered(), counted, -1, outcome.text(), start, end));
                    windows.add(new Instant[] {start, end});
                }
                System.out.println("[observe] " + mode + ": /actuator/prometheus, sockopt4j's lines:\n"
                        + prometheus(scraper, app).lines().filter(l -> l.contains("sockopt4j"))
                        .reduce("", (a, b) -> a + "  " + b + "\n"));
            } finally {
                app.close(); // SIGTERM: the recording is written at exit
            }
        }
        List<RecordedEvent> rsts = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals(EVENT))
                .filter(e -> "Tomcat".equals(e.getString("integration")) && "RST".equals(e.getString("finalSignal")))
                .toList();
        List<Trial> withEvents = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            Instant[] w = windows.get(i);
            int events = (int) rsts.stream().filter(e -> !e.getStartTime().isBefore(w[0]) && !e.getStartTime().isAfter(w[1]))
                    .count();
            Trial t = trials.get(i);
            withEvents.add(new Trial(t.reset(), t.countedRsts(), events, t.client(), t.start(), t.end()));
        }
        Files.delete(recording);
        return new Run(withEvents);
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
