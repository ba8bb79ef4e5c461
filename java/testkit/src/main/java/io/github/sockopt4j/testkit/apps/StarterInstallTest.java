package io.github.sockopt4j.testkit.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.testkit.AppProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the starter says at start in a Spring Boot test module's upload app, and that it leaves the
 * server as it was when it cannot or must not install: one log line each time. A module's test
 * extends this class and names what its server's line says.
 */
@Timeout(180)
public abstract class StarterInstallTest {
    private final IntFunction<String> installedLine;

    /**
     * @param installedLine the start of the line the starter logs when installed, for the app's port:
     *                      {@code "sockopt4j: lingering closes on [http-nio-127.0.0.1-" + port + "]"} on Tomcat
     */
    protected StarterInstallTest(IntFunction<String> installedLine) {
        this.installedLine = installedLine;
    }

    private static List<String> classPath() throws Exception {
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("sockopt4j.appClasses"));
        cp.addAll(AppProcess.classPathFile(Path.of(System.getProperty("sockopt4j.appClasspath"))));
        return cp;
    }

    private static List<String> flags() {
        return List.of(System.getProperty("sockopt4j.jvmFlags").split(" "));
    }

    @Test
    void installedItSaysWhatAndWithWhichLimits() throws Exception {
        try (AppProcess app = AppProcess.start(classPath(), flags(), "Started UploadApp", UploadAppMain.NAME,
                "--sockopt4j.close.idle-timeout=500ms", "--sockopt4j.close.max-pending=100")) {
            String log = app.log();
            assertEquals(1, count(log, "sockopt4j:"), log);
            assertTrue(log.contains(installedLine.apply(app.port())), log);
            assertTrue(log.contains("idle 500 ms, total 30000 ms, no byte cap, at most 100 pending, then ABORT"), log);
            assertEquals(200, get(app.port()));
        }
    }

    @Test
    void withoutTheJvmFlagsItSaysWhichAndTheServerClosesAsBefore() throws Exception {
        try (AppProcess app = AppProcess.start(classPath(), List.of(), "Started UploadApp", UploadAppMain.NAME)) {
            String log = app.log();
            assertEquals(1, count(log, "sockopt4j:"), log);
            assertTrue(log.contains("sockopt4j: not installed") && log.contains("--add-opens java.base/sun.nio.ch"), log);
            assertFalse(log.contains("lingering closes on"), log);
            assertEquals(200, get(app.port()));
        }
    }

    @Test
    void disabledItLeavesTheServerAlone() throws Exception {
        try (AppProcess app = AppProcess.start(classPath(), flags(), "Started UploadApp", UploadAppMain.NAME,
                "--sockopt4j.close.enabled=false")) {
            String log = app.log();
            assertEquals(0, count(log, "sockopt4j:"), log);
            assertEquals(200, get(app.port()));
        }
    }

    @Test
    void anInvalidLimitFailsTheStartNamingIt() throws Exception {
        java.io.IOException failed = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> AppProcess.start(classPath(), flags(), "Started UploadApp", UploadAppMain.NAME,
                        "--sockopt4j.close.idle-timeout=40s").close());
        assertTrue(failed.getMessage().contains("idleTimeout") && failed.getMessage().contains("totalTimeout"),
                failed.getMessage());
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    private static int get(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The app's main class, by name (it runs in the child JVM). */
    private static final class UploadAppMain {
        static final String NAME = "io.github.sockopt4j.bootapp.UploadApp";
    }
}
