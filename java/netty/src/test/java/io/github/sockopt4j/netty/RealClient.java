package io.github.sockopt4j.netty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clients no one on this project wrote, as a server meets them: each trial is one upload of a body
 * file over a new connection, and its outcome is what the client reports: the HTTP status
 * ({@code "413"}), {@code "alert ..."} for a TLS alert from the server, or the error that ended
 * it. A client that is not installed fails the test with the command that installs it.
 */
enum RealClient {
    PYTHON_HTTP_CLIENT("python3") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return python("http.client", port, body, trials);
        }
    },
    PYTHON_URLLIB("python3") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return python("urllib", port, body, trials);
        }
    },
    JAVA_HTTP_CLIENT(null) {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/upload"))
                    .timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).POST(HttpRequest.BodyPublishers.ofFile(body)).build();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                try {
                    outcomes.add(String.valueOf(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()));
                } catch (IOException e) {
                    outcomes.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return outcomes;
        }
    },
    WGET("wget") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return eachTrial(trials, () -> {
                Result r = exec("wget", "--tries=1", "--timeout=" + TIMEOUT_SECONDS, "-q", "-S", "-O", "/dev/null",
                        "--post-file=" + body, "http://127.0.0.1:" + port + "/upload");
                return r.stderr.contains("HTTP/1.1 413") ? "413" : "exit " + r.exit + ": " + r.lastLine();
            });
        }
    },
    /** Without {@code Expect:} curl sends the body at once (with it, it waits and never sends a byte). */
    CURL("curl") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return curl("http", port, body, trials);
        }
    },
    PYTHON_HTTPS_CLIENT("python3") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return python("https.client", port, body, trials);
        }
    },
    CURL_HTTPS("curl") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return curl("https", port, body, trials);
        }
    },
    /** A GET with {@code Connection: close}; the client answers the server's close_notify with its own. */
    PYTHON_HTTPS_CLOSE_NOTIFY("python3") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return python("https-close", port, body, trials);
        }
    },
    OPENSSL_S_CLIENT("openssl") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return eachTrial(trials, () -> {
                // -quiet keeps reading after the body is sent, until the server ends the connection.
                Result r = exec(body, "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-quiet");
                return tlsOutcome(r);
            });
        }
    },
    PYTHON_SSL("python3") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return python("ssl", port, body, trials);
        }
    },
    CURL_TLS("curl") {
        @Override
        List<String> run(int port, Path body, int trials) throws Exception {
            return eachTrial(trials, () -> tlsOutcome(exec("curl", "-sS", "-k", "-m", String.valueOf(TIMEOUT_SECONDS),
                    "-o", "/dev/null", "-H", "Expect:", "--data-binary", "@" + body, "https://127.0.0.1:" + port + "/upload")));
        }
    };

    static final String INSTALL = "run `make deps` (apt-get install curl wget openssl python3)";
    private static final int TIMEOUT_SECONDS = 20;

    private final String command;

    RealClient(String command) {
        this.command = command;
    }

    /** Runs {@code trials} uploads of {@code body}, one connection each; one outcome per trial, in order. */
    abstract List<String> run(int port, Path body, int trials) throws Exception;

    /** Fails (never skips) when the client's program is missing. */
    void requireInstalled() throws Exception {
        if (command == null) {
            return;
        }
        Process p = new ProcessBuilder("sh", "-c", "command -v " + command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " is not installed: " + INSTALL);
        }
    }

    private static List<String> curl(String scheme, int port, Path body, int trials) throws Exception {
        return eachTrial(trials, () -> {
            Result r = exec("curl", "-sS", "-k", "-m", String.valueOf(TIMEOUT_SECONDS), "-o", "/dev/null",
                    "-w", "%{http_code}", "-H", "Expect:", "--data-binary", "@" + body,
                    scheme + "://127.0.0.1:" + port + "/upload");
            return r.stdout.equals("413") ? "413" : "exit " + r.exit + " status " + r.stdout + ": " + r.lastLine();
        });
    }

    private static String tlsOutcome(Result r) {
        int alert = r.stderr.indexOf("alert ");
        if (alert >= 0) {
            int end = r.stderr.indexOf(':', alert);
            return r.stderr.substring(alert, end < 0 ? r.stderr.length() : end).trim();
        }
        return "exit " + r.exit + ": " + r.lastLine();
    }

    private static List<String> python(String mode, int port, Path body, int trials) throws Exception {
        Path script = Files.createTempFile("sockopt4j-clients", ".py");
        try (InputStream in = RealClient.class.getResourceAsStream("clients.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Result r = exec(null, (trials + 1L) * TIMEOUT_SECONDS, "python3", script.toString(), mode,
                    String.valueOf(port), body.toString(), String.valueOf(trials));
            List<String> outcomes = r.stdout.isEmpty() ? List.of() : List.of(r.stdout.split("\n"));
            if (outcomes.size() != trials) {
                throw new AssertionError("python3 " + mode + " printed " + outcomes.size() + " outcomes for " + trials
                        + " trials (exit " + r.exit + "): " + r.stderr);
            }
            return outcomes;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private interface Trial {
        String run() throws Exception;
    }

    private static List<String> eachTrial(int trials, Trial trial) throws Exception {
        List<String> outcomes = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            outcomes.add(trial.run());
        }
        return outcomes;
    }

    private record Result(int exit, String stdout, String stderr) {
        String lastLine() {
            String[] lines = stderr.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Result exec(String... command) throws Exception {
        return exec(null, command);
    }

    private static Result exec(Path stdin, String... command) throws Exception {
        return exec(stdin, 3L * TIMEOUT_SECONDS, command);
    }

    /** Runs a command with {@code stdin} (or nothing) as its input, for at most {@code seconds}. */
    private static Result exec(Path stdin, long seconds, String... command) throws Exception {
        Path out = Files.createTempFile("sockopt4j-client", ".out");
        Path err = Files.createTempFile("sockopt4j-client", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "", "timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
