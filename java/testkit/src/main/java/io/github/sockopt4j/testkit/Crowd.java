package io.github.sockopt4j.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * The server side of a {@link PeerCrowd} or {@link BurstPeers}: starts the crowd in a child JVM
 * ({@link PeerProcess}), accepts its {@code count} connections on 127.0.0.1 with one selector,
 * writes each its response, and waits until each holds its whole request unread. Then {@link #channels} are ready to be closed: each
 * with {@code request} bytes unread (a plain close would RST) and its response written to the
 * kernel, much of it not yet read by the peer. Used by the scale test and the benchmarks.
 */
public final class Crowd implements AutoCloseable {
    /** Setting up, at most. */
    private static final long SETUP_LIMIT_MILLIS = 90_000;

    private final ServerSocketChannel server;
    private final PeerProcess process;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final UnreadBytes unread;

    /**
     * How many received bytes a server end holds unread ({@code SIOCINQ}): the caller's socket
     * library answers it, so that this kit needs none.
     */
    @FunctionalInterface
    public interface UnreadBytes {
        int of(SocketChannel channel) throws IOException;
    }

    private Crowd(ServerSocketChannel server, PeerProcess process, UnreadBytes unread) {
        this.server = server;
        this.process = process;
        this.unread = unread;
    }

    /**
     * @param hold whether the peers keep their connections open after EOF (until {@link #close()})
     *             instead of closing them
     */
    public static Crowd start(int count, int request, int response, boolean hold, UnreadBytes unread) throws Exception {
        return start(PeerCrowd.class, unread, count, port -> request, response, false,
                String.valueOf(request), String.valueOf(response), hold ? "hold" : "close");
    }

    /**
     * The peers of {@link BurstPeers}: each answered, its request ({@link BurstBehaviour#request})
     * queued unread, and every peer that reads has read its response ({@code ready}).
     */
    public static Crowd startBurst(int count, int response, UnreadBytes unread) throws Exception {
        return start(BurstPeers.class, unread, count, BurstBehaviour::request, response, true, String.valueOf(response));
    }

    /**
     * Starts {@code peers}' main with {@code port count args...} in a child JVM and answers its
     * connections; {@code requestOf} tells from a peer's port how many request bytes to await.
     */
    private static Crowd start(Class<?> peers, UnreadBytes unread, int count, IntUnaryOperator requestOf, int response,
                               boolean awaitReady, String... args) throws Exception {
        requireFdLimit(count + 512);
        ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), count);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        List<String> command = new ArrayList<>(List.of(String.valueOf(port), String.valueOf(count)));
        command.addAll(List.of(args));
        Crowd crowd = new Crowd(server, PeerProcess.start(peers, command.toArray(String[]::new)), unread);
        try {
            crowd.acceptAndAnswer(count, requestOf, response);
            if (awaitReady) {
                crowd.process.awaitReady(Duration.ofMillis(SETUP_LIMIT_MILLIS));
            }
        } catch (Throwable t) {
            crowd.close();
            throw t;
        }
        return crowd;
    }

    /** Writes one line to the crowd's stdin. */
    public void tell(String line) throws IOException {
        process.tell(line);
    }

    /** Fails unless this JVM may hold {@code needed} fds (the JVM raised its soft limit to the hard one). */
    public static void requireFdLimit(long needed) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                long soft = f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
                if (soft < needed) {
                    throw new IllegalStateException("this test needs " + needed + " fds per process and"
                            + " RLIMIT_NOFILE is " + soft + " (hard " + f[1] + "); raise the hard limit"
                            + " (ulimit -Hn, or LimitNOFILE for a service): the JVM lifts its soft limit to it");
                }
                return;
            }
        }
    }

    private void acceptAndAnswer(int count, IntUnaryOperator requestOf, int response) throws Exception {
        ByteBuffer common = PeerCrowd.common(response);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_LIMIT_MILLIS);
        int answered = 0;
        try (Selector selector = Selector.open()) { // its close deregisters every channel: handed over clean
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            // Bounded: every turn accepts or writes, until all are answered or the deadline.
            while (answered < count) {
                if (System.nanoTime() - deadline > 0 || !process.isAlive()) {
                    throw new IllegalStateException("answered " + answered + " of " + count + " connections; crowd: "
                            + (process.isAlive() ? "running" : process.resultNow("exited")));
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        for (SocketChannel c; (c = server.accept()) != null; ) {
                            c.configureBlocking(false);
                            channels.add(c);
                            ByteBuffer[] out = PeerCrowd.response(common, peerPort(c));
                            c.write(out);
                            if (out[1].hasRemaining()) {
                                c.register(selector, SelectionKey.OP_WRITE, out);
                            } else {
                                answered++;
                            }
                        }
                    } else if (key.isWritable()) {
                        ByteBuffer[] out = (ByteBuffer[]) key.attachment();
                        ((SocketChannel) key.channel()).write(out);
                        if (!out[1].hasRemaining()) {
                            key.cancel();
                            answered++;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        List<SocketChannel> waiting = new ArrayList<>(channels);
        Await.until("every request queued unread at the server", Duration.ofMillis(
                TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), () -> {
                    waiting.removeIf(c -> unread(c) >= requestOf.applyAsInt(peerPort(c)));
                    return waiting.isEmpty();
                });
    }

    public static int peerPort(SocketChannel c) {
        try {
            return ((InetSocketAddress) c.getRemoteAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(c + ": getRemoteAddress failed", e);
        }
    }

    private int unread(SocketChannel c) {
        try {
            return unread.of(c);
        } catch (IOException e) {
            throw new IllegalStateException(c + ": SIOCINQ failed", e);
        }
    }

    /** The server ends of the connections: non-blocking, registered with no selector. */
    public List<SocketChannel> channels() {
        return channels;
    }

    /**
     * The crowd's result, e.g. {@code connected=10000 eof=10000 hashOk=10000 reset=0 errors=0
     * bytes=655360000 millis=5210}, as a map; waits for it at most {@code timeout}.
     */
    public Map<String, Long> result(Duration timeout) throws Exception {
        return process.result(timeout);
    }

    /** Ends the crowd (its held connections close with it) and closes every server end left open. */
    @Override
    public void close() throws IOException {
        process.close(); // a holding crowd closes its connections and exits
        for (SocketChannel c : channels) {
            c.close();
        }
        server.close();
    }
}
