package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without the --add-opens flags, NativeSocket.of says exactly which flags to add. */
class MissingJvmFlagsTest {

    /** Runs in a child JVM started without the flags; prints each factory's error message. */
    public static void main(String[] args) throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Socket socket = new Socket()) {
            for (Runnable r : List.<Runnable>of(() -> NativeSocket.of(channel), () -> NativeSocket.of(socket))) {
                try {
                    r.run();
                    System.out.println("no error");
                } catch (IllegalStateException e) {
                    System.out.println(e.getMessage());
                }
            }
        }
    }

    @Test
    void theErrorNamesTheExactFlags() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MissingJvmFlagsTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String flags = "Start the JVM with: --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
                + " --add-opens java.base/java.net=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED";
        // JDK 24+ adds native-access warnings on stderr (this child runs without any flag).
        List<String> lines = out.strip().lines().filter(l -> !l.startsWith("WARNING:")).toList();
        assertEquals(2, lines.size(), out);
        for (String line : lines) {
            assertTrue(line.contains(flags), line);
        }
    }
}
