package io.github.sockopt4j.repro;

import io.github.sockopt4j.testkit.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * One connection on 127.0.0.1 between a server side X ({@link #server()}) and a client side Y
 * ({@link #client()}), with the buffer sizes a scenario asks for. X's steps run on the caller's
 * thread; Y's run there too, or on their own thread via {@link #clientAsync}. A watchdog closes
 * everything after {@link #LIMIT}, so no scenario can hang.
 */
final class Stage implements AutoCloseable {
    /** No scenario takes longer; a blocked call is then ended by closing its channel. */
    static final Duration LIMIT = Duration.ofSeconds(15);
    /** How long an awaited loopback condition may take before the run counts as broken. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    /** Buffer sizes in bytes (0: the kernel default); the kernel doubles what is asked. */
    record Buffers(int clientReceive, int serverSend, int serverReceive) {
        static final Buffers DEFAULT = new Buffers(0, 0, 0);
    }

    /** Steps of the client that run on their own thread. */
    interface ClientSteps {
        void run(ClientLog client) throws Exception;
    }

    private final ServerSocketChannel listener;
    private final ServerLog server;
    private final ClientLog client;
    private final CompletableFuture<Void> watchdog = new CompletableFuture<>();
    private CompletableFuture<Void> clientTask = CompletableFuture.completedFuture(null);

    private final int serverPort;

    private Stage(ServerSocketChannel listener, int serverPort, ServerLog server, ClientLog client) {
        this.listener = listener;
        this.serverPort = serverPort;
        this.server = server;
        this.client = client;
        watchdog.completeOnTimeout(null, LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(this::closeQuietly);
    }

    /**
     * Listens, tells {@code beforeConnect} the server port (the capture filters on it), connects.
     */
    static Stage open(Buffers buffers, IntConsumer beforeConnect) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        SocketChannel client = null;
        try {
            if (buffers.serverReceive() > 0) { // before listen: the window scale is fixed at the handshake
                listener.setOption(StandardSocketOptions.SO_RCVBUF, buffers.serverReceive());
            }
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            beforeConnect.accept(port);
            client = SocketChannel.open();
            if (buffers.clientReceive() > 0) {
                client.setOption(StandardSocketOptions.SO_RCVBUF, buffers.clientReceive());
            }
            client.connect(listener.getLocalAddress());
            SocketChannel accepted = listener.accept();
            if (buffers.serverSend() > 0) {
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, buffers.serverSend());
            }
            return new Stage(listener, port, new ServerLog(accepted), new ClientLog(client));
        } catch (IOException | RuntimeException e) {
            try (listener; SocketChannel c = client) {
                throw e;
            }
        }
    }

    int serverPort() {
        return serverPort;
    }

    ServerLog server() {
        return server;
    }

    ClientLog client() {
        return client;
    }

    /**
     * Waits until exactly {@code bytes} sit unread in X's receive queue (they arrive within
     * microseconds on loopback); a setup that cannot reach that state fails the run.
     */
    void awaitServerUnread(int bytes) throws Exception {
        if (!Await.within(SETTLE, () -> server.socket().unreadBytes() == bytes)) {
            throw new IllegalStateException("setup: X never had exactly " + bytes + " unread bytes (has "
                    + server.socket().unreadBytes() + ")");
        }
    }

    /** Waits until some bytes sit unread in X's receive queue. */
    void awaitServerUnreadSome() throws Exception {
        if (!Await.within(SETTLE, () -> server.socket().unreadBytes() > 0)) {
            throw new IllegalStateException("setup: no bytes from Y reached X");
        }
    }

    /** Runs the client's steps on their own thread; {@link #finish()} waits for them. */
    void clientAsync(ClientSteps steps) {
        clientTask = CompletableFuture.runAsync(() -> {
            try {
                steps.run(client);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> new Thread(r, "repro-client").start());
    }

    /** Waits for the client's steps, then records the client's last TCP state. */
    void finish() throws Exception {
        try {
            clientTask.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            throw new IOException("the client's steps did not end within " + LIMIT, e);
        }
        if (client.channel().isOpen()) {
            client.sampleFinalState();
        }
    }

    @Override
    public void close() throws IOException {
        watchdog.cancel(false);
        try (listener; SocketChannel c = client.channel(); SocketChannel s = server.channel()) {
            // closes all three, keeping the first failure
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // the watchdog only unblocks; the scenario reports the failure
        }
    }
}
