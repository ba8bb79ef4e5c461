package io.github.sockopt4j.repro;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.TcpOptions;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.internal.Errno;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The client side (Y): a blocking JDK channel whose every read and write result is recorded as
 * the application sees it ({@link PeerEvent}, runs merged: the sequence the C twins share), and
 * in full as counted runs of calls with their sizes (the note {@code client.calls}: which write
 * came first, how many bytes a failing write had put through), together with the bytes it read.
 */
final class ClientLog {
    /** Every read loop ends after this many reads, whatever happens. */
    private static final int MAX_READS = 100_000;
    private static final int READ_SIZE = 16 * 1024;
    static final String SO_ERROR_NOTE = "client.soError";
    static final String BLOCKED_WRITE_NOTE = "client.blockedWrite";

    private final SocketChannel channel;
    private final NativeSocket socket;
    private final List<PeerEvent> events = new ArrayList<>();
    private final List<CallRun> calls = new ArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Map<String, String> notes = new TreeMap<>();
    private TcpState lastState = TcpState.UNKNOWN;

    ClientLog(SocketChannel channel) {
        this.channel = channel;
        this.socket = NativeSocket.of(channel);
    }

    SocketChannel channel() {
        return channel;
    }

    /**
     * Writes all of {@code data}; records WRITE_OK or the failure, with the bytes of {@code data}
     * the kernel took before it. Returns whether it succeeded.
     */
    synchronized boolean write(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
            record(PeerEvent.WRITE_OK);
            call("write", data.length, PeerEvent.WRITE_OK, data.length);
            return true;
        } catch (IOException e) {
            PeerEvent failure = failure(e);
            record(failure);
            call("write", data.length, failure, b.position());
            return false;
        }
    }

    /**
     * One {@code write} call with all of {@code data}, as a client that blocks in a large write
     * makes it. Whether that call took all, part or none of the bytes is kept as the note
     * {@code client.blockedWrite} (a failing call after a partial one returns the count and leaves
     * the error to the next call); the rest is then written, recording what that call meets.
     */
    void writeInOneCall(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        try {
            channel.write(b); // outside the lock: it blocks until X reads or resets
        } catch (IOException e) {
            note(BLOCKED_WRITE_NOTE, "NONE");
            record(failure(e));
            return;
        }
        note(BLOCKED_WRITE_NOTE, b.hasRemaining() ? "PARTIAL" : "ALL");
        if (b.hasRemaining()) {
            write(Arrays.copyOfRange(data, b.position(), data.length));
        } else {
            record(PeerEvent.WRITE_OK);
        }
    }

    private synchronized void note(String key, String value) {
        notes.put(key, value);
    }

    /** An upload that goes on until a write fails or {@code maxBytes} were written. */
    void writeUntilFailure(int chunk, long maxBytes) {
        byte[] data = Payload.of(chunk, 7);
        for (long sent = 0; sent < maxBytes; sent += chunk) {
            if (!write(data)) {
                return;
            }
        }
    }

    /**
     * Reads until end of stream or the first error. What one more read after an error returns is
     * kept as the note {@code client.readAfterError}: the kernel says EOF, but the JDK remembers a
     * reset and throws "Connection reset" again, so it is not one of the events the C twin shares.
     */
    synchronized void readToEnd() {
        ByteBuffer b = ByteBuffer.allocate(READ_SIZE);
        for (int i = 0; i < MAX_READS; i++) {
            PeerEvent e = readOnce(b, true);
            if (e == PeerEvent.EOF) {
                return;
            }
            if (e != PeerEvent.DATA) {
                notes.put("client.readAfterError", readOnce(b, false).name());
                return;
            }
        }
        notes.put("client", "read loop stopped after " + MAX_READS + " reads");
    }

    private PeerEvent readOnce(ByteBuffer b, boolean recorded) {
        PeerEvent e;
        try {
            b.clear();
            int n = channel.read(b);
            if (n < 0) {
                e = PeerEvent.EOF;
            } else {
                received.write(b.array(), 0, n);
                e = PeerEvent.DATA;
            }
            if (recorded) {
                call("read", 0, e, Math.max(n, 0));
            }
        } catch (IOException x) {
            e = failure(x);
            if (recorded) {
                call("read", 0, e, 0);
            }
        }
        if (recorded) {
            record(e);
        }
        return e;
    }

    /**
     * Calls in a row of one kind, size (writes) and result, counted; reads that return data are
     * one run whatever their sizes.
     */
    private record CallRun(String call, int size, PeerEvent result, int count, long bytes) {
        @Override
        public String toString() {
            String what = call + (size > 0 ? " of " + size + " B" : "");
            String times = count == 1 ? what : count + " x " + what;
            if (result == PeerEvent.WRITE_OK || result == PeerEvent.DATA) {
                return times + ": " + bytes + " B";
            }
            return times + ": " + result + (call.equals("write") ? " after " + bytes + " B of it" : "");
        }
    }

    private synchronized void call(String call, int size, PeerEvent result, long bytes) {
        int last = calls.size() - 1;
        CallRun previous = last < 0 ? null : calls.get(last);
        boolean merges = previous != null && previous.call.equals(call) && previous.size == size
                && previous.result == result && (result == PeerEvent.WRITE_OK || result == PeerEvent.DATA);
        if (merges) {
            calls.set(last, new CallRun(call, size, result, previous.count + 1, previous.bytes + bytes));
        } else {
            calls.add(new CallRun(call, size, result, 1, bytes));
        }
    }

    /**
     * Waits until the server's RST has arrived (this socket's TCP state becomes CLOSE) without
     * touching the pending error. Returns false, with a note, when it did not come in time.
     */
    boolean awaitReset(Duration limit) throws Exception {
        boolean arrived = Await.within(limit, () -> tcpState() == TcpState.CLOSE);
        if (!arrived) {
            notes.put("client.awaitReset", "no RST within " + limit.toMillis() + " ms");
        }
        return arrived;
    }

    /**
     * {@code getsockopt(SO_ERROR)}: returns and clears the pending error (kept as the note
     * {@code client.soError}, its C name or {@code none}), so no later call reports it.
     */
    synchronized void takePendingError() throws IOException {
        int error = socket.get(TcpOptions.SO_ERROR);
        notes.put(SO_ERROR_NOTE, error == 0 ? "none" : Errno.name(error));
    }

    /** Remembers the TCP state before the harness closes the client, for the inference of X's signals. */
    void sampleFinalState() throws IOException {
        lastState = tcpState();
    }

    /** From TCP_INFO: unlike SO_ERROR, reading it does not consume the pending error. */
    private TcpState tcpState() throws IOException {
        return socket.tcpInfo().state();
    }

    private synchronized void record(PeerEvent e) {
        if (events.isEmpty() || events.get(events.size() - 1) != e) {
            events.add(e);
        }
    }

    private PeerEvent failure(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("Connection reset")) {
            return PeerEvent.ECONNRESET;
        }
        if (m.contains("Broken pipe")) {
            return PeerEvent.EPIPE;
        }
        notes.put("client.error", e.toString());
        return PeerEvent.OTHER;
    }

    synchronized List<PeerEvent> events() {
        return List.copyOf(events);
    }

    synchronized byte[] received() {
        return received.toByteArray();
    }

    /** What the client's events say about the server's signals, for runs without a capture. */
    synchronized Emitted inferredEmission() {
        if (events.contains(PeerEvent.ECONNRESET) || "ECONNRESET".equals(notes.get(SO_ERROR_NOTE))) {
            return Emitted.RST; // after a FIN an RST is reported as EPIPE, so no FIN came first
        }
        boolean fin = events.contains(PeerEvent.EOF);
        boolean reset = lastState == TcpState.CLOSE || events.contains(PeerEvent.EPIPE);
        return Emitted.of(fin, reset);
    }

    synchronized Map<String, String> notes() {
        Map<String, String> all = new TreeMap<>(notes);
        all.put("client.calls", calls.stream().map(CallRun::toString).collect(Collectors.joining("; ")));
        return all;
    }
}
