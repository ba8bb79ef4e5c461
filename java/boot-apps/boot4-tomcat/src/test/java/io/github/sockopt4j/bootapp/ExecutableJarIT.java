package io.github.sockopt4j.bootapp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.testkit.AppProcess;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The app as users ship it, {@code java -jar app.jar} with no flag: the jar's manifest
 * ({@code Add-Opens}, {@code Enable-Native-Access}) gives sockopt4j what it needs, and the
 * starter installs.
 */
@Timeout(120)
class ExecutableJarIT {

    @Test
    void theManifestsFlagsAreEnough() throws Exception {
        Path jar = Path.of(System.getProperty("sockopt4j.appJar"));
        try (AppProcess app = AppProcess.startJar(jar, List.of(), "Started UploadApp")) {
            String log = app.log();
            assertTrue(log.contains("sockopt4j: lingering closes on"), log);
            assertTrue(!log.contains("not installed"), log);
        }
    }
}
