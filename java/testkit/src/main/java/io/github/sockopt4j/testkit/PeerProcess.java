package io.github.sockopt4j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program of peers in a child JVM, the way every burst of this kit runs: the two ends of ~19,000
 * connections do not fit in one process under a hard {@code RLIMIT_NOFILE} of 20,000. The child
 * may print {@code ready}, prints one result line {@code crowd k=v k=v ...}, reads lines from its
 * stdin, and exits when its stdin ends.
 */
public final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    /** Completes when the child prints {@code ready}, or exceptionally with its output if it ends first. */
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final StringBuffer output = new StringBuffer();

    private PeerProcess(Process process) {
        this.process = process;
    }

    /** Runs {@code main}'s {@code main(args)} in a child JVM with this JVM's class path. */
    public static PeerProcess start(Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        PeerProcess peers = new PeerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        Thread reader = new Thread(peers::readOutput, "peers-output");
        reader.setDaemon(true);
        reader.start();
        return peers;
    }

    /** Writes one line to the child's stdin. */
    public void tell(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the child's {@code ready}, at most {@code timeout}. */
    public void awaitReady(Duration timeout) throws Exception {
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the result line (or the child's end without one) is in. */
    public boolean hasResult() {
        return result.isDone();
    }

    /** The result line, or {@code otherwise} while there is none yet. */
    String resultNow(String otherwise) {
        return result.getNow(otherwise);
    }

    /** Everything the child printed so far, for a failure message. */
    public String output() {
        return output.toString();
    }

    /**
     * The child's result, e.g. {@code connected=10000 eof=10000 ... millis=5210}, as a map; waits
     * for it at most {@code timeout}.
     */
    public Map<String, Long> result(Duration timeout) throws Exception {
        String line = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!line.startsWith("crowd ")) {
            throw new IllegalStateException(line);
        }
        Map<String, Long> values = new TreeMap<>();
        for (String pair : line.substring("crowd ".length()).split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return values;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("crowd ")) {
                    result.complete(line);
                } else if (line.equals("ready")) {
                    ready.complete(line);
                }
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            output.append(e);
        }
        result.complete("the crowd ended without a result:\n" + output);
        ready.completeExceptionally(new IllegalStateException("the crowd ended before it was ready:\n" + output));
    }

    /**
     * Ends the child's stdin (a holding child closes its connections and exits) and waits for it;
     * the output reader closes the child's stdout at its end.
     */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
