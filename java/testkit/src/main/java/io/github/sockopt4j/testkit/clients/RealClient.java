package io.github.sockopt4j.testkit.clients;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP or TLS client, run as the user would run it (a process, or the JDK's
 * {@code HttpClient} in this JVM), with what it reported. The one driver of real clients: the
 * {@code clients} command runs it against its JDK server, the server modules' tests against
 * theirs ({@link #trials}).
 */
public enum RealClient {
    PYTHON_HTTP_CLIENT("python-http.client", "python3", "python3", false, true),
    PYTHON_URLLIB("python-urllib", "python3", "python3", false, true),
    JAVA_HTTP_CLIENT("java-HttpClient", null, null, false, true),
    WGET("wget", "wget", "wget", false, true),
    CURL("curl", "curl", "curl", false, true),
    OPENSSL_S_CLIENT("openssl-s_client", "openssl", "openssl", true, true),
    PYTHON_SSL("python-ssl", "python3", "python3", true, true),
    CURL_HTTPS("curl-https", "curl", "curl", true, true),
    /**
     * Python {@code requests} (urllib3), the body as a multipart file upload: it reads the response
     * after a failed send, so it gets the 413 despite a reset (a client that shows no loss).
     */
    PYTHON_REQUESTS("python-requests", "python3", "python3-requests", false, false),
    /** Python's {@code http.client} over TLS: it closes without reading the server's {@code close_notify}. */
    PYTHON_HTTPS_CLIENT("python-https.client", "python3", "python3", true, false),
    /**
     * A GET with {@code Connection: close} over TLS (Python {@code ssl}): reads the response to the
     * server's {@code close_notify}, answers with its own, then asks its kernel whether the server
     * reset the connection ({@link Expected#CLEAN_TLS_CLOSE}).
     */
    PYTHON_SSL_CLOSE_NOTIFY("python-ssl-close_notify", "python3", "python3", true, false);

    /** The one process a trial waits for at most this long. */
    static final Duration LIMIT = Duration.ofSeconds(30);
    /** Plain HTTP, or HTTPS when given the certificate to trust ({@code port body path [cafile]}). */
    private static final String PYTHON_HTTP_CLIENT_SCRIPT = String.join("\n",
            "import http.client, ssl, sys",
            "body = open(sys.argv[2], 'rb').read()",
            "if len(sys.argv) > 4:",
            "    ctx = ssl.create_default_context(cafile=sys.argv[4])",
            "    c = http.client.HTTPSConnection('127.0.0.1', int(sys.argv[1]), timeout=20, context=ctx)",
            "else:",
            "    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)",
            "try:",
            "    c.request('POST', sys.argv[3], body=body, headers={'Content-Type': 'application/octet-stream'})",
            "except Exception as e:",
            "    sys.exit(print('sending: %s: %s' % (type(e).__name__, e)))",
            "try:",
            "    print('HTTP %d' % c.getresponse().status)",
            "except Exception as e:",
            "    print('reading: %s: %s' % (type(e).__name__, e))");
    private static final String PYTHON_URLLIB_SCRIPT = String.join("\n",
            "import sys, urllib.error, urllib.request",
            "body = open(sys.argv[2], 'rb').read()",
            "url = 'http://127.0.0.1:%s%s' % (sys.argv[1], sys.argv[3])",
            "try:",
            "    r = urllib.request.urlopen(urllib.request.Request(url, data=body, method='POST'), timeout=20)",
            "    print('HTTP %d' % r.status)",
            "except urllib.error.HTTPError as e:",
            "    print('HTTP %d' % e.code)",
            "except Exception as e:",
            "    print('%s: %s' % (type(e).__name__, e))");
    /** {@code port body path}: a multipart POST of the body file, as a browser form would send it. */
    private static final String PYTHON_REQUESTS_SCRIPT = String.join("\n",
            "import sys, requests",
            "url = 'http://127.0.0.1:%s%s' % (sys.argv[1], sys.argv[3])",
            "try:",
            "    with open(sys.argv[2], 'rb') as f:",
            "        r = requests.post(url, files={'file': ('upload.bin', f, 'application/octet-stream')}, timeout=20)",
            "    print('HTTP %d' % r.status_code)",
            "except Exception as e:",
            "    print('%s: %s' % (type(e).__name__, e))");
    /** Sends the whole request, then reads to the end: a client that stops at its first error. */
    private static final String PYTHON_SSL_SCRIPT = String.join("\n",
            "import socket, ssl, sys",
            "data = open(sys.argv[3], 'rb').read()",
            "ctx = ssl.create_default_context(cafile=sys.argv[2])",
            "step = 'handshake'",
            "try:",
            "    s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=20),",
            "                        server_hostname='localhost')",
            "    step = 'sending'",
            "    for i in range(0, len(data), 65536):",
            "        s.sendall(data[i:i + 65536])",
            "    step = 'reading'",
            "    reply = b''",
            "    while True:",
            "        chunk = s.recv(65536)",
            "        if not chunk:",
            "            break",
            "        reply += chunk",
            "    print(reply.split(b'\\r\\n')[0].decode() if reply else 'reading: EOF without a response')",
            "except Exception as e:",
            "    print('%s: %s: %s' % (step, type(e).__name__, e))");
    /**
     * {@code port cafile path}: after the server's FIN a reset is recorded as EPIPE in SO_ERROR;
     * on loopback an RST answering our close_notify has arrived 50 ms later.
     */
    private static final String PYTHON_SSL_CLOSE_NOTIFY_SCRIPT = String.join("\n",
            "import errno, socket, ssl, sys, time",
            "ctx = ssl.create_default_context(cafile=sys.argv[2])",
            "try:",
            "    s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=20),",
            "                        server_hostname='localhost')",
            "    s.sendall(b'GET %s HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' % sys.argv[3].encode())",
            "    response = b''",
            "    while True:",
            "        try:",
            "            chunk = s.recv(65536)",
            "        except ssl.SSLZeroReturnError:",
            "            break",
            "        if not chunk:",
            "            break",
            "        response += chunk",
            "    if not response.startswith(b'HTTP/1.1 200'):",
            "        sys.exit(print('no response: %r' % response[:40]))",
            "    plain = s.unwrap()",
            "    time.sleep(0.05)",
            "    error = plain.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)",
            "    print('clean' if error == 0 else 'reset (SO_ERROR=%s)' % errno.errorcode.get(error, error))",
            "except Exception as e:",
            "    print('%s: %s' % (type(e).__name__, e))");
    private static final Pattern HTTP_413 = Pattern.compile("\\b413\\b");
    private static final Pattern OPENSSL_ERROR = Pattern.compile("error:[0-9A-F]+:[^:]*:[^:]*:[^:]*|(read|write):errno=\\d+");
    private static final String WGET_AWAITING = "awaiting response... ";
    private static final Pattern WGET_TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ");

    private final String id;
    private final String executable;
    private final String debianPackage;
    private final boolean tls;
    private final boolean inCommand;

    /** @param inCommand whether the {@code clients} command runs it (its table stays as documented) */
    RealClient(String id, String executable, String debianPackage, boolean tls, boolean inCommand) {
        this.id = id;
        this.executable = executable;
        this.debianPackage = debianPackage;
        this.tls = tls;
        this.inCommand = inCommand;
    }

    public String id() {
        return id;
    }

    /** Whether it speaks TLS (and so takes the TLS scenarios) or plain HTTP. */
    public boolean tls() {
        return tls;
    }

    /** Whether the {@code sockopt4j clients} command runs it (its table stays as documented). */
    public boolean inCommand() {
        return inCommand;
    }

    /** Empty when installed; otherwise what to run. */
    public Optional<String> missing() {
        if (this == PYTHON_REQUESTS && onPath(executable) && !pythonHas("requests")) {
            return Optional.of("Python's requests module is missing: run `make deps` (Debian package " + debianPackage
                    + ")");
        }
        if (executable == null || onPath(executable)) {
            return Optional.empty();
        }
        return Optional.of(executable + " is not installed: run `make deps` (Debian package " + debianPackage + ")");
    }

    /** For tests that must fail, never skip, when the client is missing: throws what to run. */
    public void requireInstalled() {
        missing().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
    }

    public static Optional<RealClient> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /**
     * {@code trials} runs against a server on 127.0.0.1:{@code port}, one after another, each on
     * a connection of its own; what the client reported in each, in order.
     *
     * @param expected       what the server sends, so what counts as delivered
     * @param upload         what the client sends, and where to
     * @param certificatePem the certificate TLS clients trust (for {@code localhost} and
     *                       {@code 127.0.0.1}); null for plain HTTP clients
     */
    public List<ClientOutcome> trials(Expected expected, int port, Upload upload, Path certificatePem, int trials)
            throws IOException, InterruptedException {
        if (tls && certificatePem == null) {
            throw new IllegalArgumentException(id + " speaks TLS: give it the certificate to trust");
        }
        List<ClientOutcome> outcomes = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            outcomes.add(start(expected, port, upload, certificatePem).outcome(port));
        }
        return outcomes;
    }

    /** One run of the client against {@code port}, started now; {@link Running#outcome} waits for it. */
    public Running start(Expected expected, int port, Upload upload, Path certificatePem) throws IOException {
        if (this == JAVA_HTTP_CLIENT) {
            return new InJvm(CompletableFuture.supplyAsync(() -> javaHttpClient(port, upload)));
        }
        return new Child(this, expected, new ProcessBuilder(command(port, upload, certificatePem))
                .redirectInput(this == OPENSSL_S_CLIENT ? upload.request().toFile() : new File("/dev/null")));
    }

    private List<String> command(int port, Upload upload, Path pem) {
        String body = upload.body().toString();
        String http = "http://127.0.0.1:" + port + upload.path();
        String https = "https://127.0.0.1:" + port + upload.path();
        switch (this) {
            case PYTHON_HTTP_CLIENT:
                return List.of("python3", "-c", PYTHON_HTTP_CLIENT_SCRIPT, "" + port, body, upload.path());
            case PYTHON_HTTPS_CLIENT:
                return List.of("python3", "-c", PYTHON_HTTP_CLIENT_SCRIPT, "" + port, body, upload.path(), pem.toString());
            case PYTHON_URLLIB:
                return List.of("python3", "-c", PYTHON_URLLIB_SCRIPT, "" + port, body, upload.path());
            case PYTHON_REQUESTS:
                return List.of("python3", "-c", PYTHON_REQUESTS_SCRIPT, "" + port, body, upload.path());
            case WGET:
                return List.of("wget", "--tries=1", "--timeout=20", "-O", "/dev/null", "--post-file=" + body, http);
            case CURL:
                return curl(body, http);
            case CURL_HTTPS:
                List<String> c = new ArrayList<>(curl(body, https));
                c.addAll(List.of("--cacert", pem.toString()));
                return c;
            case OPENSSL_S_CLIENT:
                // -quiet also means: stdin's end does not end the connection; the server does
                return List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost",
                        "-CAfile", pem.toString(), "-verify_return_error", "-quiet");
            case PYTHON_SSL:
                return List.of("python3", "-c", PYTHON_SSL_SCRIPT, "" + port, pem.toString(), upload.request().toString());
            case PYTHON_SSL_CLOSE_NOTIFY:
                return List.of("python3", "-c", PYTHON_SSL_CLOSE_NOTIFY_SCRIPT, "" + port, pem.toString(), upload.path());
            default:
                throw new IllegalStateException(id + " runs in this JVM");
        }
    }

    /** {@code Expect:} off: curl would otherwise wait for 100-continue and never send the body. */
    private static List<String> curl(String body, String url) {
        return List.of("curl", "-sS", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Expect:",
                "--data-binary", "@" + body, url);
    }

    private static ClientOutcome javaHttpClient(int port, Upload upload) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20)).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + upload.path()))
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofFile(upload.body())).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new ClientOutcome(status == 413, "HTTP " + status);
        } catch (IOException e) {
            return new ClientOutcome(false, innermost(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ClientOutcome(false, "interrupted");
        }
    }

    private static String innermost(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getName() + ": " + t.getMessage();
    }

    /** What the client's output says: delivered or not, in its own words. */
    ClientOutcome judge(Expected expected, int exit, String stdout, String stderr) {
        String out = stdout.strip();
        String err = stderr.strip();
        switch (this) {
            case CURL:
            case CURL_HTTPS: {
                boolean delivered = expected == Expected.TLS_ALERT ? err.contains("alert") : out.equals("413");
                return new ClientOutcome(delivered, err.isEmpty() ? "HTTP " + out : err + " (HTTP " + out + ")");
            }
            case WGET: {
                // wget's answer ends its "awaiting response... " line or stands on a line of its own;
                // after a failed write it says only "Giving up." (exit 4, network failure)
                String line = lastLine(err, l -> !l.startsWith("--") && !l.startsWith("Connecting to")
                        && !l.startsWith("Retrying"));
                int answer = line.indexOf(WGET_AWAITING);
                line = answer >= 0 ? line.substring(answer + WGET_AWAITING.length()) : line;
                return new ClientOutcome(err.contains("ERROR 413"),
                        WGET_TIMESTAMP.matcher(line).replaceFirst("") + " (exit " + exit + ")");
            }
            case OPENSSL_S_CLIENT: {
                Matcher m = OPENSSL_ERROR.matcher(err);
                List<String> errors = new ArrayList<>();
                while (m.find()) {
                    errors.add(m.group());
                }
                String words = errors.isEmpty() ? firstLine(out) : String.join("; ", errors);
                boolean delivered = expected == Expected.TLS_ALERT
                        ? err.contains(" alert ") : HTTP_413.matcher(firstLine(out)).find();
                return new ClientOutcome(delivered, words.isEmpty() ? "exit " + exit + ", nothing printed" : words);
            }
            default: {
                String line = firstLine(out);
                boolean delivered = switch (expected) {
                    case TLS_ALERT -> line.toUpperCase().contains("ALERT");
                    case STATUS_413 -> HTTP_413.matcher(line).find() && line.startsWith("HTTP");
                    case CLEAN_TLS_CLOSE -> line.equals("clean");
                };
                return new ClientOutcome(delivered, line.isEmpty() ? "exit " + exit + ": " + lastLine(err, l -> true) : line);
            }
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    private static String lastLine(String text, Predicate<String> wanted) {
        String last = "";
        for (String l : text.split("\n")) {
            if (!l.isBlank() && wanted.test(l)) {
                last = l.strip();
            }
        }
        return last.isEmpty() ? firstLine(text) : last;
    }

    private static boolean pythonHas(String module) {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import " + module).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
    }

    /** A client run under way. */
    public interface Running {
        /** Waits for the client (at most {@link #LIMIT}) and says what it reported. */
        ClientOutcome outcome(int port) throws IOException, InterruptedException;
    }

    private static final class InJvm implements Running {
        private final CompletableFuture<ClientOutcome> future;

        InJvm(CompletableFuture<ClientOutcome> future) {
            this.future = future;
        }

        @Override
        public ClientOutcome outcome(int port) throws InterruptedException {
            try {
                return future.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return new ClientOutcome(false, innermost(e));
            } catch (TimeoutException e) {
                future.cancel(true);
                return new ClientOutcome(false, "no answer within " + LIMIT.toSeconds() + " s");
            }
        }
    }

    private static final class Child implements Running {
        private final RealClient client;
        private final Expected expected;
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        Child(RealClient client, Expected expected, ProcessBuilder builder) throws IOException {
            this.client = client;
            this.expected = expected;
            // files, not pipes: a chatty client must not block on a full pipe
            this.stdout = Files.createTempFile("sockopt4j-client", ".out");
            this.stderr = Files.createTempFile("sockopt4j-client", ".err");
            this.process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        }

        @Override
        public ClientOutcome outcome(int port) throws IOException, InterruptedException {
            try {
                if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new ClientOutcome(false, client.id + " still running after " + LIMIT.toSeconds() + " s");
                }
                ClientOutcome o = client.judge(expected, process.exitValue(),
                        Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
                return new ClientOutcome(o.delivered(), o.text().replace(":" + port, ":PORT").replace(" " + port, " PORT"));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        }
    }
}
