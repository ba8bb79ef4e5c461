package io.github.sockopt4j.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * One persistent HTTP/1.1 connection doing {@code GET}s, on a raw socket so that nothing reconnects
 * behind the test's back: every request of a run is served on the same connection or the run says
 * where it broke.
 */
public final class KeepAliveClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int port;

    public KeepAliveClient(int port) throws IOException {
        this.port = port;
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        socket.setSoTimeout(10_000); // a response slower than this under the burst is a failure
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** One {@code GET path}: its status, its body read whole (Content-Length) so the next response starts clean. */
    public int get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        // Bounded: the head ends at its blank line, EOF, or the read timeout.
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || head.size() > 8192) {
                throw new EOFException("the connection ended in a response head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int length = -1;
        for (String line : lines) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) {
                length = Integer.parseInt(l.substring("content-length:".length()).trim());
            } else if (l.equals("connection: close")) {
                throw new IOException("the server ends the keep-alive connection: " + lines[0]);
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length: " + String.join(" | ", lines));
        }
        in.readNBytes(length);
        return Integer.parseInt(lines[0].split(" ")[1]);
    }

    /**
     * {@code GET path} every {@code interval} until {@code done} or {@code max} requests: each
     * request's status, and -1 then the end where one failed.
     */
    public List<Integer> repeat(String path, Duration interval, BooleanSupplier done, int max) throws InterruptedException {
        List<Integer> statuses = new ArrayList<>();
        while (statuses.size() < max && !done.getAsBoolean()) {
            try {
                statuses.add(get(path));
            } catch (IOException e) {
                System.out.println("keep-alive GET " + (statuses.size() + 1) + " failed: " + e);
                statuses.add(-1);
                return statuses;
            }
            Thread.sleep(interval.toMillis());
        }
        return statuses;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
