package io.github.sockopt4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, the load generator (Debian's {@code wrk}, which {@code make deps} installs): one run of
 * {@code POST} of {@link #BODY_BYTES} bytes to a URL, with or without {@code Connection: close},
 * and what it printed, parsed. wrk reconnects after each response that says {@code Connection:
 * close}, so that mode costs a connection (and a close) per request.
 */
final class Wrk {
    static final int BODY_BYTES = 1024;
    /** One wrk thread: the generator takes at most one of the machine's cores, the server the rest. */
    static final int THREADS = 1;
    /** Enough that Tomcat's workers always have a request waiting, few enough that none queues long. */
    static final int CONNECTIONS = 16;
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /** One run's result: requests per second, requests in all, socket errors and non-2xx answers. */
    record Run(double requestsPerSecond, long requests, long socketErrors, long non2xx, String output) {}

    static final String SCRIPT = "wrk.method = \"POST\"\n"
            + "wrk.body = string.rep(\"x\", " + BODY_BYTES + ")\n"
            + "wrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n";

    private final Path script;

    private Wrk(Path script) {
        this.script = script;
    }

    /** Writes the Lua script that makes every request a POST of {@link #BODY_BYTES} bytes. */
    static Wrk create() throws IOException {
        Path script = Files.createTempFile("sockopt4j-wrk", ".lua");
        script.toFile().deleteOnExit();
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        return new Wrk(script);
    }

    Path script() {
        return script;
    }

    /** {@code wrk -v}'s first line, or why there is none. */
    static String version() {
        try {
            Process p = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("").replace("Copyright (C) 2012 Will Glozer", "").trim();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("wrk is not installed (make deps installs it): " + e, e);
        }
    }

    /** The command line of a run, as it is executed. */
    List<String> command(String url, boolean connectionClose, int seconds) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + seconds + "s",
                "-s", script.toString()));
        if (connectionClose) {
            command.addAll(List.of("-H", "Connection: close"));
        }
        command.add(url);
        return command;
    }

    Run run(String url, boolean connectionClose, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(url, connectionClose, seconds)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("wrk failed: " + out);
        }
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IOException("no Requests/sec in wrk's output: " + out);
        }
        long errors = 0;
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Matcher requests = REQUESTS.matcher(out);
        Matcher non2xx = NON_2XX.matcher(out);
        return new Run(Double.parseDouble(rate.group(1)), requests.find() ? Long.parseLong(requests.group(1)) : 0, errors, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                out);
    }
}
