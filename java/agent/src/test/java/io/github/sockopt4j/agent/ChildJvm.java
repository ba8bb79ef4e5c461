package io.github.sockopt4j.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM of this module's test classes, its output, and the agent jar the build made. */
final class ChildJvm {
    static final String AGENT_JAR = property("sockopt4j.agentJar");
    /** The JDK 25+ the agent is also tested on: make test passes the one tools/find-jdk finds. */
    static final Path JDK25 = Path.of(System.getProperty("sockopt4j.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    private ChildJvm() {}

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: java/agent/pom.xml passes it to surefire");
        }
        return value;
    }

    /** The child's class path: this module's test classes and the servers' jars, no sockopt4j. */
    static List<String> classPath() throws IOException {
        List<String> cp = new ArrayList<>();
        cp.add(property("sockopt4j.testClasses"));
        String file = Files.readString(Path.of(property("sockopt4j.testClasspathFile")), StandardCharsets.UTF_8).strip();
        cp.addAll(List.of(file.split(File.pathSeparator)));
        return cp;
    }

    static String agentFlag(String options) {
        return "-javaagent:" + AGENT_JAR + (options == null ? "" : "=" + options);
    }

    /** Runs {@code mainClass} on {@code javaHome} to its end (at most 60 s); its output, stdout and stderr merged. */
    static String run(Path javaHome, List<String> flags, String mainClass) throws IOException, InterruptedException {
        Path java = javaHome.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException(java + " is missing: install Temurin 25 (apt-get install temurin-25-jdk"
                    + " from packages.adoptium.net) or pass -Dsockopt4j.jdk25=<its home>");
        }
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(flags);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath()), mainClass));
        Path out = Files.createTempFile("sockopt4j-agent-child", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not end within 60 s; its output:\n" + Files.readString(out));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Path thisJdk() {
        return Path.of(System.getProperty("java.home"));
    }
}
