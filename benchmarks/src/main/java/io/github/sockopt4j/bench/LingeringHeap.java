package io.github.sockopt4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a lingering connection costs a Tomcat server with the starter: {@code n} clients (in
 * this JVM, never the server's) each send {@code POST /upload} with a 1 KiB body, read the 413 to
 * our FIN (Tomcat drops the connection after a 413, having swallowed the body: a larger one would
 * keep it reading up to its {@code maxSwallowSize}) and then stay connected and silent, so each
 * close waits in the closer for its idle timeout (the app is started with a long one). The
 * server's heap is read with the JDK's {@code jcmd}, which attaches to any JVM of the same user
 * with no flag on it, so the server measured is started as the load runs start it.
 *
 * <p>Two figures, each after a full GC, with the {@code n} pending minus before they connected
 * (after a first wave of {@code n} that closed, so Tomcat's pools and caches are already grown):
 * {@code GC.heap_info}'s used heap (KiB, as the JVM reports it) and {@code GC.class_histogram}'s
 * total of live objects (bytes), whose per-class difference says what each connection holds.
 */
final class LingeringHeap {
    /** JDK 17: "heap total 524288K, used 13204K"; JDK 25: "heap total reserved ..K, committed ..K, used ..K". */
    private static final Pattern USED = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");
    private static final byte[] REQUEST_HEAD = ("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: 1024\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY_PART = new byte[1024];

    /** A class whose live instances grew: instances and bytes per pending connection. */
    record ClassDelta(String name, double instancesPerConnection, double bytesPerConnection) {}

    /** The figures: used heap and live bytes, per pending connection, and the classes that grew most. */
    record Result(int connections, long usedBeforeKib, long usedWithKib, long liveBefore, long liveWith,
                  double sockopt4jBytesPerConnection, List<ClassDelta> classes) {
        double usedBytesPerConnection() {
            return (usedWithKib - usedBeforeKib) * 1024.0 / connections;
        }

        double liveBytesPerConnection() {
            return (double) (liveWith - liveBefore) / connections;
        }
    }

    private LingeringHeap() {}

    static Result measure(long pid, int port, int n) throws IOException, InterruptedException {
        closeAll(connectAll(port, n)); // the first wave: pools grown, classes loaded
        Thread.sleep(2000); // its closes end at our clients' EOF
        long usedBefore = usedAfterGc(pid);
        Map<String, long[]> histogramBefore = new HashMap<>();
        long liveBefore = histogram(pid, histogramBefore);
        List<Socket> held = connectAll(port, n);
        try {
            long usedWith = usedAfterGc(pid);
            Map<String, long[]> histogramWith = new HashMap<>();
            long liveWith = histogram(pid, histogramWith);
            for (Socket s : held) {
                if (s.isClosed() || s.getInputStream().available() > 0) {
                    throw new IllegalStateException("a held connection is not lingering silently: " + s);
                }
            }
            List<ClassDelta> classes = new ArrayList<>();
            histogramWith.forEach((name, with) -> {
                long[] before = histogramBefore.getOrDefault(name, new long[2]);
                classes.add(new ClassDelta(name, (double) (with[0] - before[0]) / n, (double) (with[1] - before[1]) / n));
            });
            classes.sort(Comparator.comparingDouble(ClassDelta::bytesPerConnection).reversed());
            double own = classes.stream().filter(c -> c.name().startsWith("io.github.sockopt4j."))
                    .mapToDouble(ClassDelta::bytesPerConnection).sum();
            return new Result(n, usedBefore, usedWith, liveBefore, liveWith, own, List.copyOf(classes.subList(0,
                    Math.min(12, classes.size()))));
        } finally {
            closeAll(held);
        }
    }

    /** {@code n} connections, each answered 413 and half-closed by the server (read to its FIN). */
    private static List<Socket> connectAll(int port, int n) throws IOException {
        List<Socket> sockets = new ArrayList<>(n);
        byte[] buffer = new byte[4096];
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                sockets.add(s);
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(REQUEST_HEAD);
                s.getOutputStream().write(BODY_PART);
                StringBuilder response = new StringBuilder();
                InputStream in = s.getInputStream();
                for (int r; (r = in.read(buffer)) >= 0; ) {
                    response.append(new String(buffer, 0, r, StandardCharsets.ISO_8859_1));
                }
                if (!response.toString().startsWith("HTTP/1.1 413")) {
                    throw new IOException("connection " + i + " was not answered 413: " + response);
                }
            }
        } catch (IOException e) {
            closeAll(sockets);
            throw e;
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** The used heap after a full GC, the least of three (a thread may allocate between the two commands). */
    private static long usedAfterGc(long pid) throws IOException, InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            jcmd(pid, "GC.run");
            Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
            if (!used.find()) {
                throw new IOException("no used heap in jcmd GC.heap_info's output");
            }
            least = Math.min(least, Long.parseLong(used.group(1)));
        }
        return least;
    }

    /** The live objects per class (instances, bytes) into {@code into}; returns the total bytes. */
    private static long histogram(long pid, Map<String, long[]> into) throws IOException, InterruptedException {
        long total = -1;
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            Matcher sum = HISTOGRAM_TOTAL.matcher(line);
            if (row.find()) {
                into.merge(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            } else if (sum.find()) {
                total = Long.parseLong(sum.group(2));
            }
        }
        if (total < 0) {
            throw new IOException("no Total in jcmd GC.class_histogram's output");
        }
        return total;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
