package io.github.sockopt4j.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A server application in a child JVM (a Spring Boot app, say), started on a free loopback port
 * with a class path of its own, so that tests can run the same app with and without sockopt4j
 * on it, and apps of different framework versions side by side. Its output goes to a file.
 */
public final class AppProcess implements AutoCloseable {
    private static final long START_LIMIT_MILLIS = TimeUnit.SECONDS.toMillis(90);

    private final Process process;
    private final Path log;
    private final int port;

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code mainClass} with {@code --server.port=<free port>} and {@code args}, and waits
     * until it prints {@code readyLine} and the port accepts connections (a server may listen
     * before it has started: Tomcat binds at its init).
     *
     * @param classPath the entries, in order
     * @param jvmFlags  flags for the child JVM (sockopt4j's, a system property...)
     * @param readyLine what the app prints once started ({@code "Started UploadApp"})
     * @throws IOException if it is not ready within 90 s or ends before (its log in the message)
     */
    public static AppProcess start(List<String> classPath, List<String> jvmFlags, String readyLine, String mainClass,
                                   String... args) throws IOException, InterruptedException {
        List<String> launch = new ArrayList<>(jvmFlags);
        launch.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), mainClass));
        return launch(launch, readyLine, args);
    }

    /** {@link #start}, for an executable jar ({@code java -jar}) instead of a class path and a main class. */
    public static AppProcess startJar(Path jar, List<String> jvmFlags, String readyLine, String... args)
            throws IOException, InterruptedException {
        List<String> launch = new ArrayList<>(jvmFlags);
        launch.addAll(List.of("-jar", jar.toString()));
        return launch(launch, readyLine, args);
    }

    /**
     * A free port is free only until someone binds it: on a machine shared with other tests, an
     * outgoing connection's ephemeral port may take it before the app binds. Then the app is
     * started again on another port, {@link #PORT_ATTEMPTS} times at most.
     */
    private static AppProcess launch(List<String> launch, String readyLine, String... args)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return launchOnce(launch, readyLine, args);
            } catch (PortTaken e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new IOException(e.getMessage() + " (" + PORT_ATTEMPTS + " ports tried)", e);
                }
            }
        }
    }

    private static final int PORT_ATTEMPTS = 3;

    /** The app could not bind the port it was given: taken since it was found free. */
    private static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static AppProcess launchOnce(List<String> launch, String readyLine, String... args)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("sockopt4j-app", ".log");
        log.toFile().deleteOnExit();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AppProcess app = new AppProcess(process, log, port);
        long deadline = System.currentTimeMillis() + START_LIMIT_MILLIS;
        while (!app.log().contains(readyLine) || !app.accepts()) { // bounded: 90 s of 50 ms naps
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                app.close();
                String output = app.log();
                if (output.contains("Port " + port + " was already in use")) {
                    throw new PortTaken("port " + port + " was taken before the app bound it");
                }
                throw new IOException(String.join(" ", launch) + " was not ready on port " + port + " within "
                        + START_LIMIT_MILLIS / 1000 + " s (alive: " + process.isAlive() + "); its output:\n" + output);
            }
            Thread.sleep(50);
        }
        return app;
    }

    /** A class path read from a file of entries separated by the path separator (Maven's build-classpath). */
    public static List<String> classPathFile(Path file) throws IOException {
        return Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).strip().split(File.pathSeparator))
                .filter(e -> !e.isBlank()).collect(Collectors.toList());
    }

    /** {@code classPath} without the entries {@code drop} matches (the same app without a library). */
    public static List<String> without(List<String> classPath, Predicate<String> drop) {
        return classPath.stream().filter(drop.negate()).collect(Collectors.toList());
    }

    public int port() {
        return port;
    }

    /** The child JVM's process id, for the JDK's tools ({@code jcmd}). */
    public long pid() {
        return process.pid();
    }

    /** What the app printed so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Stops the app (SIGTERM, then SIGKILL after 30 s) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
