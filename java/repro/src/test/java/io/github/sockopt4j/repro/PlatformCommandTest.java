package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.TcpOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.SocketOption;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sockopt4j platform} prints the machine and a support line for every option. */
class PlatformCommandTest {

    @Test
    void printsTheMachineAndEveryOption() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Sockopt4jCommand()).execute("platform");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        for (String machine : new String[] {"kernel", "architecture", "jdk", "native backend", "native access"}) {
            assertTrue(Pattern.compile("(?m)^" + machine + " +ok ").matcher(out).find(), machine + " in\n" + out);
        }
        for (SocketOption<?> option : TcpOptions.all()) {
            assertTrue(Pattern.compile("(?m)^  " + option.name() + " +\\S+ +\\S+ +yes").matcher(out).find(),
                    option.name() + " supported in\n" + out);
        }
    }
}
