package io.github.sockopt4j.repro;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainEnd;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.TreeMap;

/** The server side (X): the accepted channel, what the application wrote, and how long its close took. */
final class ServerLog {
    private final SocketChannel channel;
    private final NativeSocket socket;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final Map<String, String> notes = new TreeMap<>();
    private long bytesRead;
    private long closeNanos = -1;
    private String drainEnd = "";

    /** A close step whose duration is measured. */
    interface CloseStep {
        void close() throws IOException;
    }

    /** A close by a sockopt4j strategy, whose report is kept. */
    interface StrategyClose {
        CloseReport close() throws IOException;
    }

    ServerLog(SocketChannel channel) {
        this.channel = channel;
        this.socket = NativeSocket.of(channel);
    }

    SocketChannel channel() {
        return channel;
    }

    NativeSocket socket() {
        return socket;
    }

    /** Writes all of {@code data} (blocking, or spinning on a non-blocking channel, bounded). */
    void write(byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; b.hasRemaining(); i++) {
            if (i > 1_000_000) {
                throw new IOException("write made no progress: the send buffer is too small for the response");
            }
            channel.write(b);
        }
        written.write(data, 0, data.length);
    }

    /** Reads exactly {@code n} bytes of the request. */
    void read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("the client closed after " + b.position() + " of " + n + " bytes");
            }
        }
        bytesRead += n;
        note("server.bytesRead", bytesRead);
    }

    /** Runs the close and remembers how long it took. */
    void close(CloseStep step) throws IOException {
        long start = System.nanoTime();
        try {
            step.close();
        } finally {
            closeNanos = System.nanoTime() - start;
        }
    }

    /**
     * Runs a strategy's close and remembers how long the call took, then (outside the measured
     * time: formatting a first report loads classes for tens of milliseconds) its report, the
     * library's own elapsed time and, for a lingering close, how the drain ended.
     */
    void closeWith(StrategyClose step) throws IOException {
        CloseReport[] report = new CloseReport[1];
        close(() -> report[0] = step.close());
        CloseReport r = report[0];
        note("server.closeReport", r);
        note("server.reportMicros", r.elapsed().toNanos() / 1000);
        if (r.drainEnd() != DrainEnd.NOT_APPLICABLE) {
            drainEnd = r.drainEnd().name();
        }
    }

    String drainEnd() {
        return drainEnd;
    }

    void note(String key, Object value) {
        notes.put(key, String.valueOf(value));
    }

    byte[] written() {
        return written.toByteArray();
    }

    long closeMillis() {
        return closeNanos < 0 ? -1 : closeNanos / 1_000_000;
    }

    Map<String, String> notes() {
        return notes;
    }
}
