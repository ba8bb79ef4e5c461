package io.github.sockopt4j.internal.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainPolicy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The JFR event of a close: off in the JDK's own settings, on with the jar's {@code sockopt4j.jfc},
 * and then carrying exactly the report's numbers.
 */
class CloseEventTest {
    private static final String NAME = "io.github.sockopt4j.Close";

    @Test
    void theJarsSettingsTurnItOnAndItCarriesTheReport() throws Exception {
        Configuration settings;
        try (InputStream jfc = getClass().getResourceAsStream("/io/github/sockopt4j/sockopt4j.jfc")) {
            settings = Configuration.create(new java.io.InputStreamReader(jfc, java.nio.charset.StandardCharsets.UTF_8));
        }
        CloseReport report;
        String remote;
        List<RecordedEvent> events;
        try (Recording recording = new Recording(settings)) {
            recording.start();
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                client.getOutputStream().write(new byte[1000]); // unread at the start: the drain reads it
                client.shutdownOutput();                       // the peer's EOF ends the drain
                remote = ((InetSocketAddress) accepted.getRemoteSocketAddress()).toString();
                report = Close.lingering(accepted, DrainPolicy.DEFAULT.withTotalTimeout(Duration.ofSeconds(5)));
            }
            recording.stop();
            Path file = Files.createTempFile("sockopt4j", ".jfr");
            try {
                recording.dump(file);
                events = RecordingFile.readAllEvents(file).stream()
                        .filter(e -> e.getEventType().getName().equals(NAME)).toList();
            } finally {
                Files.delete(file);
            }
        }
        assertEquals(1, events.size(), "one event per close: " + events);
        RecordedEvent e = events.get(0);
        assertEquals("Close", e.getString("integration"));
        assertEquals(remote, e.getString("remoteAddress"));
        assertEquals(report.strategy().name(), e.getString("strategy"));
        assertEquals(report.finalSignal().name(), e.getString("finalSignal"));
        assertEquals(report.drainEnd().name(), e.getString("drainEnd"));
        assertEquals(report.bytesDrained(), e.getLong("bytesDrained"));
        assertEquals(1000, report.bytesDrained(), report.toString());
        SocketQueues start = report.atStart().orElseThrow();
        assertEquals(start.unread(), e.getLong("unreadAtStart"));
        assertEquals(start.unsent(), e.getLong("unsentAtStart"));
        assertEquals(start.unacked(), e.getLong("unackedAtStart"));
        SocketQueues close = report.atClose().orElseThrow();
        assertEquals(close.unread(), e.getLong("unreadAtClose"));
        assertEquals(close.unsent(), e.getLong("unsentAtClose"));
        assertEquals(close.unacked(), e.getLong("unackedAtClose"));
        assertEquals(report.elapsed().toNanos(), e.getLong("elapsed"));
    }

    @Test
    void offInTheJdksOwnSettings() throws Exception {
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            assertTrue(!CloseEngine.recorded(), "recorded() with only the JDK's settings");
            recording.stop();
        }
    }
}
