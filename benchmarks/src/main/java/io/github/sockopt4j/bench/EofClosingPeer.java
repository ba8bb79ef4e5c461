package io.github.sockopt4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The peer of the close benchmarks: one selector thread that reads (and discards) what each
 * connection sends and closes it as soon as it reads EOF — a well-behaved client.
 */
final class EofClosingPeer implements AutoCloseable {
    private final Selector selector = Selector.open();
    private final Queue<SocketChannel> added = new ConcurrentLinkedQueue<>();
    private final ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
    private final Thread thread = new Thread(this::run, "eof-closing-peer");
    private volatile boolean running = true;

    EofClosingPeer() throws IOException {
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a connected peer channel to the loop. */
    void add(SocketChannel peer) throws IOException {
        peer.configureBlocking(false);
        added.add(peer);
        selector.wakeup();
    }

    private void run() {
        try {
            while (running) {
                selector.select(100);
                for (SocketChannel c; (c = added.poll()) != null; ) {
                    c.register(selector, SelectionKey.OP_READ);
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    int n;
                    try {
                        do {
                            sink.clear();
                            n = c.read(sink);
                        } while (n > 0);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n < 0) {
                        c.close();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("peer loop failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }
}
