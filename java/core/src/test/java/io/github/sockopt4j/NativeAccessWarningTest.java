package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.Backends;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the documented JVM flags the backend in use loads and calls native code without a
 * warning (JDK 24+ warns for both FFM and JNI without {@code --enable-native-access}).
 */
class NativeAccessWarningTest {

    /** Runs in a child JVM started with the build's JVM flags: makes one call, prints the backend. */
    public static void main(String[] args) throws Exception {
        try (LoopbackFixture.Opened p = LoopbackFixture.IPV4_ACCEPTED.open()) {
            NativeSocket.of(p.peer).set(TcpOptions.TCP_NODELAY, true);
        }
        System.out.println(NativeSocket.backend());
    }

    @Test
    void theDocumentedFlagsSilenceEveryNativeAccessWarning() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(System.getProperty("sockopt4j.jvmFlags").split(" +"))); // the build's flags
        command.add("-D" + Backends.PROPERTY + "=" + NativeSocket.backend());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeAccessWarningTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(NativeSocket.backend(), out.strip(), "nothing but the backend's name: " + out);
    }
}
