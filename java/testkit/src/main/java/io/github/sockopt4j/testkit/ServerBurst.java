package io.github.sockopt4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A burst of rejected uploads ({@link UploadBurst}, peers in a child JVM) against a server the
 * test started in this JVM, as the server modules' burst tests run it: one rejected upload first
 * (what it opens for good is in the fd count before and after alike), a keep-alive client that
 * keeps asking meanwhile, this JVM's fds counted before, sampled during and checked after (back
 * exactly where they were), and every lingering close awaited.
 */
public final class ServerBurst {
    private static final Duration KEEP_ALIVE_INTERVAL = Duration.ofMillis(50);
    /** 50 ms apart, past the peers' run limit. */
    private static final int MAX_GETS = (int) (UploadBurst.RUN_LIMIT_MILLIS / 50) + 200;

    /**
     * What the burst did: one outcome per upload, the peers' failure lines, the server's closer
     * counters once every close was over (before the keep-alive connection closes), the keep-alive
     * GETs' statuses, and the fds before and at the peak.
     */
    public record Result<S>(Map<UploadOutcome, Long> outcomes, String failures, S stats, List<Integer> keepAlive,
                            long fdsBefore, long fdPeak) {
        /** Every keep-alive GET during the burst got 200. */
        public boolean keepAliveServed() {
            return !keepAlive.isEmpty() && keepAlive.stream().allMatch(s -> s == 200);
        }
    }

    private ServerBurst() {}

    /**
     * Runs the burst.
     *
     * @param name     the test, for its printed line
     * @param port     the server's
     * @param uploads  how many; each declares {@code declared} bytes, sends {@code sent}, and
     *                 expects 413
     * @param hold     peers that never close (idle after the response)
     * @param pending  the server's lingering closes not yet over
     * @param stats    the server's closer counters, for the printed line
     */
    public static <S> Result<S> run(String name, int port, int uploads, long declared, int sent, boolean hold,
                                    IntSupplier pending, Supplier<S> stats) throws Exception {
        warmUp(port, declared, sent);
        Await.until("the warm-up's close over", Duration.ofSeconds(10), () -> pending.getAsInt() == 0);
        try (KeepAliveClient keepAlive = new KeepAliveClient(port)) {
            if (keepAlive.get("/hello") != 200) {
                throw new AssertionError("the keep-alive client's first GET failed");
            }
            // The server's listen socket, selectors and closer, the keep-alive connection's two
            // ends: all open now and still after; what the burst opens must all be closed by then.
            long fdsBefore = FdCount.settled(Duration.ofSeconds(4), Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            Map<String, Long> result;
            List<Integer> served;
            long peak;
            String output;
            try (FdCount fds = FdCount.sample(Duration.ofMillis(5));
                 PeerProcess peers = UploadBurst.start(port, uploads, "/upload", declared, sent, 413, hold)) {
                FutureTask<List<Integer>> gets = new FutureTask<>(() -> keepAlive.repeat("/hello",
                        KEEP_ALIVE_INTERVAL, peers::hasResult, MAX_GETS));
                Thread getter = new Thread(gets, "keep-alive");
                getter.setDaemon(true);
                getter.start();
                // The peers report by their run limit; a few seconds more for a loaded machine.
                try {
                    result = peers.result(Duration.ofMillis(UploadBurst.RUN_LIMIT_MILLIS + 10_000));
                } catch (TimeoutException e) {
                    throw new AssertionError("no result from the peers; they printed:\n" + peers.output(), e);
                }
                long t1 = System.nanoTime();
                served = gets.get(15, TimeUnit.SECONDS);
                Await.until("every lingering close over", Duration.ofSeconds(15), () -> pending.getAsInt() == 0);
                fds.close();
                peak = fds.peak();
                output = peers.output();
                System.out.printf("%s: %s peers: %d uploads in %d ms (closes over %d ms later); %s; %s; %d keep-alive"
                                + " GETs; fds %d before, peak %d (%d samples)%n", name, hold ? "idle" : "closing",
                        uploads, ms(t1 - t0), ms(System.nanoTime() - t1), result, stats.get(), served.size(),
                        fdsBefore, peak, fds.samples());
            }
            // The peers have ended (the held connections closed with them) and their pipes with them.
            if (!Await.within(Duration.ofSeconds(10), () -> FdCount.now() == fdsBefore)) {
                throw new AssertionError("fds back to " + fdsBefore + ": " + FdCount.now());
            }
            String failures = output.lines().filter(l -> l.startsWith("upload: ")).toList().toString();
            return new Result<>(UploadOutcome.tally(result), failures, stats.get(), served, fdsBefore, peak);
        }
    }

    /** One rejected upload, read to its end: it must be the 413. */
    private static void warmUp(int port, long declared, int sent) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[sent]);
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 413 ")) {
                throw new AssertionError("the warm-up upload got: " + response);
            }
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
