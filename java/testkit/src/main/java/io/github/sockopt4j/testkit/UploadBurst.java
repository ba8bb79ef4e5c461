package io.github.sockopt4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A burst of rejected uploads against an HTTP server, in a child JVM ({@link PeerProcess}): one
 * selector thread opens {@code count} connections (at most {@link PeerCrowd#MAX_CONNECTING} waiting
 * for their first response byte, so that a backlog of that size never overflows), each sending
 * {@code POST path} with {@code Content-Length: declared} and only the first {@code sent} bytes of
 * the body, reading meanwhile. The server answers early and closes with the body unread; each
 * connection ends in one {@link UploadOutcome}, the expected response being {@code status} with
 * its whole {@code Content-Length} body.
 *
 * <p>At its end each connection is closed ({@code close}: a client that behaves), or, after an
 * EOF, kept open and idle until the parent ends our stdin ({@code hold}: a client that never
 * closes, which keeps a lingering close waiting for its idle timeout). After the whole response
 * and EOF, each client (closing or held) first probes, {@link #PROBE_DELAY_MILLIS} later, with one
 * more byte of the body: a server that half-closed and then closed with the body unread has reset
 * the connection by then (the probe's write fails: {@link UploadOutcome#RESPONSE_RESET}), one that
 * lingers reads and discards it. A read cannot see that reset: once our side has the FIN, Linux
 * reads return EOF, not the error. The JDK's own close of a channel still registered with a
 * selector is such a half-close (FIN at once, the RST at the selector's next select), and so is
 * Jetty's (its own FIN after the response, then an abortive close when the closer overflows);
 * without the probe either looks like a lingering close. It prints at most
 * {@link #SHOWN_FAILURES} lines about connections that did not end {@link UploadOutcome#RESPONSE_EOF},
 * then {@code crowd RESPONSE_EOF=n RESPONSE_RESET=n ... millis=N}.
 *
 * <p>Usage: {@code UploadBurst port count path declared sent status close|hold}.
 */
public final class UploadBurst {
    /** The whole run, at most. */
    public static final long RUN_LIMIT_MILLIS = 60_000;
    private static final int SHOWN_FAILURES = 5;
    /** A response longer than this is not the small early response expected. */
    private static final int MAX_RESPONSE = 4096;
    /** Past a loaded server's next select: by then a close that was not lingering has sent its RST. */
    static final long PROBE_DELAY_MILLIS = 500;

    private final ByteBuffer request;
    private final int status;
    private final boolean hold;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final Map<UploadOutcome, Long> tally = new EnumMap<>(UploadOutcome.class);
    private final List<String> failures = new ArrayList<>();
    private final List<SocketChannel> held = new ArrayList<>();
    /** Closing clients that saw the whole response and EOF, in the order their probe is due. */
    private final ArrayDeque<Peer> probing = new ArrayDeque<>();
    private final ByteBuffer probe = ByteBuffer.allocateDirect(1);

    private static final class Peer {
        final SocketChannel channel;
        int sent;
        byte[] response = new byte[256];
        int received;
        /** A write saw the reset: the reads that follow return what had arrived, then EOF. */
        boolean resetOnWrite;
        UploadOutcome outcome;
        /** When its probe is due; 0 when it has none. */
        long probeAt;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private UploadBurst(ByteBuffer request, int status, boolean hold) {
        this.request = request;
        this.status = status;
        this.hold = hold;
        for (UploadOutcome o : UploadOutcome.values()) {
            tally.put(o, 0L);
        }
    }

    /** Starts the burst against {@code 127.0.0.1:port}; {@code hold} for clients that never close. */
    public static PeerProcess start(int port, int count, String path, long declared, int sent, int status, boolean hold)
            throws IOException {
        return PeerProcess.start(UploadBurst.class, String.valueOf(port), String.valueOf(count), path,
                String.valueOf(declared), String.valueOf(sent), String.valueOf(status), hold ? "hold" : "close");
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        String path = args[2];
        long declared = Long.parseLong(args[3]);
        int sent = Integer.parseInt(args[4]);
        int status = Integer.parseInt(args[5]);
        boolean hold = args[6].equals("hold");
        long start = System.nanoTime();
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer request = ByteBuffer.allocateDirect(head.length + sent).put(head).put(Payload.of(sent, 7));
        UploadBurst burst = new UploadBurst(request.flip().asReadOnlyBuffer(), status, hold);
        burst.run(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), count,
                start + TimeUnit.MILLISECONDS.toNanos(RUN_LIMIT_MILLIS));
        burst.failures.forEach(System.out::println);
        StringBuilder line = new StringBuilder("crowd");
        burst.tally.forEach((o, n) -> line.append(' ').append(o).append('=').append(n));
        System.out.println(line.append(" millis=").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        System.out.flush();
        if (hold) {
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // until the parent ends our stdin
            }
            for (SocketChannel c : burst.held) {
                c.close();
            }
        }
    }

    private void run(InetSocketAddress server, int count, long deadline) throws IOException {
        List<Peer> all = new ArrayList<>(count);
        int waiting = 0; // opened, without a response byte and not ended
        int ended = 0;
        try (Selector selector = Selector.open()) {
            // Bounded: every connection ends (EOF, reset, error) or the run limit passes.
            while (ended < count && System.nanoTime() - deadline < 0) { // probes included
                while (all.size() < count && waiting < PeerCrowd.MAX_CONNECTING) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(server);
                    Peer p = new Peer(c);
                    c.register(selector, SelectionKey.OP_CONNECT, p);
                    all.add(p);
                    waiting++;
                }
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    Peer p = (Peer) key.attachment();
                    boolean wasWaiting = p.received == 0 && p.outcome == null;
                    onEvent(key, p);
                    if (wasWaiting && (p.received > 0 || p.outcome != null)) {
                        waiting--;
                    }
                    if (p.outcome != null) {
                        ended++;
                    }
                }
                selector.selectedKeys().clear();
                ended += probeDue();
            }
            for (Peer p : all) {
                if (p.outcome == null) { // the probes not yet due too
                    end(p, UploadOutcome.UNFINISHED, "no end within " + RUN_LIMIT_MILLIS + " ms");
                    p.channel.close();
                }
            }
        }
    }

    private void onEvent(SelectionKey key, Peer p) {
        try {
            if (key.isConnectable()) {
                p.channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
            }
            if (key.isValid() && key.isWritable()) {
                write(key, p);
            }
            if (key.isValid() && key.isReadable()) {
                read(p);
            }
        } catch (IOException e) {
            end(p, isReset(e) ? (whole(p) ? UploadOutcome.RESPONSE_RESET : UploadOutcome.PARTIAL_RESET)
                    : UploadOutcome.ERROR, e.toString());
        }
        if (p.probeAt != 0) {
            key.cancel();
            probing.add(p);
        } else if (p.outcome != null) {
            key.cancel();
            try {
                p.channel.close(); // not RESPONSE_EOF: that outcome is the probe's (probeDue)
            } catch (IOException ignored) {
                // closing a reset socket does not fail; the outcome is already counted
            }
        }
    }

    /** Probes the due clients, then closes them (or holds them, {@code hold}, when the probe went out); how many ended. */
    private int probeDue() {
        int n = 0;
        long now = System.nanoTime();
        // Bounded: each turn removes one due probe.
        while (!probing.isEmpty() && probing.peek().probeAt - now <= 0) {
            Peer p = probing.poll();
            try {
                p.channel.write(probe.duplicate());
                end(p, UploadOutcome.RESPONSE_EOF, "EOF");
            } catch (IOException e) {
                end(p, isReset(e) ? UploadOutcome.RESPONSE_RESET : UploadOutcome.ERROR, "the probe after EOF: " + e);
            }
            if (hold && p.outcome == UploadOutcome.RESPONSE_EOF) {
                held.add(p.channel); // idle, never closed: the server's close waits for us
                n++;
                continue;
            }
            try {
                p.channel.close();
            } catch (IOException ignored) {
                // closing a reset socket does not fail; the outcome is already counted
            }
            n++;
        }
        return n;
    }

    /** The rest of the request; a reset here is the connection's end, seen by the read that follows. */
    private void write(SelectionKey key, Peer p) throws IOException {
        try {
            p.sent += p.channel.write(request.duplicate().position(p.sent));
        } catch (IOException e) {
            if (!isReset(e)) {
                throw e;
            }
            p.resetOnWrite = true;
            p.sent = request.limit();
        }
        if (p.sent == request.limit()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(Peer p) throws IOException {
        int n;
        do {
            in.clear();
            n = p.channel.read(in);
            if (n > 0) {
                if (p.received + n > MAX_RESPONSE) {
                    end(p, UploadOutcome.WRONG, "more than " + MAX_RESPONSE + " response bytes");
                    return;
                }
                if (p.received + n > p.response.length) {
                    p.response = Arrays.copyOf(p.response, MAX_RESPONSE);
                }
                in.flip().get(p.response, p.received, n);
                p.received += n;
            }
        } while (n > 0);
        if (n < 0) {
            String wrong = wrong(p);
            if (p.resetOnWrite) {
                end(p, whole(p) ? UploadOutcome.RESPONSE_RESET : UploadOutcome.PARTIAL_RESET, "reset on a write");
            } else if (wrong != null) {
                end(p, UploadOutcome.WRONG, wrong);
            } else if (whole(p)) {
                p.probeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_DELAY_MILLIS);
            } else {
                end(p, whole(p) ? UploadOutcome.RESPONSE_EOF : UploadOutcome.PARTIAL_EOF, "EOF");
            }
        }
    }

    /** Whether the response so far is the expected status with its whole body, and nothing more. */
    private boolean whole(Peer p) {
        int length = expectedLength(p);
        return length > 0 && p.received == length && wrong(p) == null;
    }

    /** What is wrong with the response so far, or null (an incomplete one is not wrong). */
    private String wrong(Peer p) {
        int length = expectedLength(p);
        if (length == -1) {
            return null;
        }
        if (length == -2) {
            return "not status " + status + " with a Content-Length: " + head(p);
        }
        return p.received > length ? (p.received - length) + " bytes after the response" : null;
    }

    /** The expected response's length from its head: -1 while the head is incomplete, -2 when not as expected. */
    private int expectedLength(Peer p) {
        String text = new String(p.response, 0, p.received, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return -1;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 " + status + " ")) {
            return -2;
        }
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return end + 4 + Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return -2;
    }

    private static String head(Peer p) {
        return new String(p.response, 0, Math.min(p.received, 120), StandardCharsets.ISO_8859_1).replace("\r\n", " | ");
    }

    private static boolean isReset(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("Connection reset") || m.equals("Broken pipe");
    }

    private void end(Peer p, UploadOutcome outcome, String what) {
        p.outcome = outcome;
        tally.merge(outcome, 1L, Long::sum);
        if (outcome != UploadOutcome.RESPONSE_EOF && failures.size() < SHOWN_FAILURES) {
            int port = -1;
            try {
                port = ((InetSocketAddress) p.channel.getLocalAddress()).getPort();
            } catch (IOException | RuntimeException ignored) {
                // an unconnected channel has no port to show
            }
            failures.add("upload: peer " + port + " " + outcome + " after " + p.sent + " bytes sent, " + p.received
                    + " received (" + what + ")");
        }
    }
}
