package io.github.sockopt4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.agent.apps.CloseProbe;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent in child JVMs (JDK 17, the build's, and JDK 25): what it takes and what it leaves
 * alone ({@link CloseProbe}, with and without the agent in the same test), and the one line of an
 * agent that cannot install, after which the JVM is as it was (no dispatcher in java.base).
 */
@Timeout(300)
class AgentInstallTest {
    private static final String PROBE = CloseProbe.class.getName();
    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private static List<String> agentLines(String output) {
        return Arrays.stream(output.split("\n")).filter(l -> l.startsWith(Sockopt4jAgent.PREFIX)).collect(Collectors.toList());
    }

    private static void assertTakesAndLeavesAlone(Path jdk, List<String> extraFlags) throws Exception {
        String without = ChildJvm.run(jdk, extraFlags, PROBE);
        assertTrue(without.contains("dispatcher: absent"), without);
        assertTrue(without.contains("early response, channel: RESET"), "the loss, without the agent:\n" + without);
        assertTrue(without.contains("early response, socket: RESET"), "the loss, without the agent:\n" + without);
        assertTrue(without.matches("(?s).*input shut down, late data, channel: (RESET|sending the late data).*"),
                "the loss, without the agent:\n" + without);

        List<String> flags = new java.util.ArrayList<>(extraFlags);
        flags.addAll(List.of(ChildJvm.agentFlag(null), "-Dsockopt4j.agent.debug=true"));
        String with = ChildJvm.run(jdk, flags, PROBE);
        assertTrue(with.contains("dispatcher: present"), with);
        assertTrue(with.contains("early response, channel: EOF after 262144 bytes"), with);
        assertTrue(with.contains("early response, socket: EOF after 262144 bytes"), with);
        if (Runtime.version().feature() >= 21 || jdk.equals(ChildJvm.JDK25)) {
            assertTrue(with.contains("early response, socket on a virtual thread: EOF after 262144 bytes"), with);
        }
        assertTrue(with.contains("input shut down, late data, channel: EOF after 262144 bytes"), with);
        assertTrue(with.contains("(input shut down: FIN after the drain)"), with);
        assertTrue(with.contains("SO_LINGER {1, 0}: RESET"), "an abortive close stays abortive:\n" + with);
        assertTrue(with.contains(": SO_LINGER {1, 0}"), with);
        assertTrue(with.contains(": TCP state LISTEN"), "listening sockets are left alone:\n" + with);
        assertTrue(with.contains(": TCP state CLOSE"), "an unconnected socket is left alone:\n" + with);
        assertTrue(with.contains(": not TCP (AF_UNIX)"), "AF_UNIX is left alone:\n" + with);
        assertEquals(1, agentLines(with).stream().filter(l -> l.contains("lingering closes on")).count(), with);
        assertTrue(with.lines().noneMatch(l -> l.startsWith("WARNING")), "no JVM warning:\n" + with);
    }

    @Test
    void onJdk17ItTakesTheClosesThatLoseDataAndLeavesTheOthersAlone() throws Exception {
        assertTakesAndLeavesAlone(ChildJvm.thisJdk(), List.of());
    }

    @Test
    void withWhenUnreadOnlyClosesWithUnreadBytesAreTaken() throws Exception {
        String out = ChildJvm.run(ChildJvm.thisJdk(), List.of(ChildJvm.agentFlag("when=unread"),
                "-Dsockopt4j.agent.debug=true"), PROBE);
        assertTrue(out.contains("early response, channel: EOF after 262144 bytes"), out);
        assertTrue(out.contains("nothing unread, channel: EOF after 10 bytes"), out);
        assertTrue(out.contains(": nothing unread (when=unread)"), "a close with nothing unread is the JDK's:\n" + out);
    }

    @Test
    void onJdk25ItDoesTheSameWithNativeAccess() throws Exception {
        assertTakesAndLeavesAlone(ChildJvm.JDK25, List.of(NATIVE_ACCESS));
    }

    private static void assertOneLineAndUnchanged(Path jdk, List<String> flags, String why) throws Exception {
        String out = ChildJvm.run(jdk, flags, PROBE);
        List<String> lines = agentLines(out);
        assertEquals(1, lines.size(), out);
        assertTrue(lines.get(0).contains(why), lines.get(0));
        assertTrue(out.contains("dispatcher: absent"), "the JVM is as it was:\n" + out);
        assertTrue(out.contains("early response, channel: RESET"), "closes are the JDK's own:\n" + out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("WARNING")), "no JVM warning:\n" + out);
    }

    @Test
    void aWrongOptionIsOneLineNamingItAndTheJvmRunsUnchanged() throws Exception {
        assertOneLineAndUnchanged(ChildJvm.thisJdk(), List.of(ChildJvm.agentFlag("idle=fast")),
                "not installed, the JVM runs unchanged: option idle=fast is invalid; allowed: a duration");
    }

    @Test
    void withoutNativeAccessOnJdk25ItIsOneLineAndTheJvmRunsUnchanged() throws Exception {
        assertOneLineAndUnchanged(ChildJvm.JDK25, List.of(ChildJvm.agentFlag(null)),
                "needs --enable-native-access=ALL-UNNAMED");
    }
}
