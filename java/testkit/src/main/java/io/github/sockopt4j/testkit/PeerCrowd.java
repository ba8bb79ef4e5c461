package io.github.sockopt4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clients of the closer's scale test and benchmark, in a child JVM of their own: 10,000
 * connections need 20,000 fds and this machine's hard {@code RLIMIT_NOFILE} is 20,000 per process
 * (the JVM raises the soft limit to the hard one at startup, {@code -XX:+MaxFDLimit}), so the two
 * ends of the connections live in two processes.
 *
 * <p>One selector thread opens {@code count} connections to {@code port} (at most
 * {@link #MAX_CONNECTING} still waiting for their first response byte, so the server's accept
 * queue never overflows), sends each a {@code request}-byte request, reads its response until
 * EOF, hashing it (SHA-256, checked against {@link #expectedDigest}), then closes it ({@code
 * close} mode) or keeps it open until its stdin ends ({@code hold} mode). It prints one line:
 * {@code crowd connected=N eof=N hashOk=N reset=N errors=N bytes=N millis=N}.
 *
 * <p>Usage: {@code PeerCrowd port count request response close|hold}.
 */
public final class PeerCrowd {
    /** Connections open and not yet answered, at most. */
    static final int MAX_CONNECTING = 512;
    /** The whole run, at most. */
    static final long RUN_LIMIT_MILLIS = 120_000;
    private static final long COMMON_SEED = 5;

    private PeerCrowd() {}

    /** The response to the client whose local port is {@code port}: common bytes, then the port (8 bytes). */
    static ByteBuffer[] response(ByteBuffer common, int port) {
        ByteBuffer trailer = ByteBuffer.allocate(Long.BYTES).putLong(0, port);
        return new ByteBuffer[] {common.duplicate(), trailer};
    }

    /** The common part of every response, {@code size - 8} bytes, read-only and direct. */
    static ByteBuffer common(int responseSize) {
        byte[] bytes = Payload.of(responseSize - Long.BYTES, COMMON_SEED);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    static MessageDigest commonDigest(int responseSize) {
        MessageDigest d = Payload.sha256();
        d.update(Payload.of(responseSize - Long.BYTES, COMMON_SEED));
        return d;
    }

    static byte[] expectedDigest(MessageDigest common, int port) throws CloneNotSupportedException {
        MessageDigest d = (MessageDigest) common.clone();
        d.update(ByteBuffer.allocate(Long.BYTES).putLong(0, port).array());
        return d.digest();
    }

    private static final class Client {
        final SocketChannel channel;
        final MessageDigest digest = Payload.sha256();
        int requestSent;
        long received;

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int request = Integer.parseInt(args[2]);
        int response = Integer.parseInt(args[3]);
        boolean hold = args[4].equals("hold");
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(RUN_LIMIT_MILLIS);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        ByteBuffer requestBytes = ByteBuffer.allocateDirect(request);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        MessageDigest common = commonDigest(response);
        List<Client> held = new ArrayList<>();
        int opened = 0, connecting = 0, connected = 0, eof = 0, hashOk = 0, reset = 0, errors = 0;
        long bytes = 0;
        try (Selector selector = Selector.open()) {
            // Bounded: every connection ends (EOF, error) or the run limit passes.
            while (eof + reset + errors < count && System.nanoTime() - deadline < 0) {
                while (opened < count && connecting < MAX_CONNECTING) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(server);
                    c.register(selector, SelectionKey.OP_CONNECT, new Client(c));
                    opened++;
                    connecting++;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Client client = (Client) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            client.channel.finishConnect();
                            connected++;
                            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        }
                        if (key.isValid() && key.isWritable()) {
                            client.requestSent += client.channel.write(requestBytes.duplicate().position(client.requestSent));
                            if (client.requestSent == request) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isValid() && key.isReadable()) {
                            int n;
                            do {
                                in.clear();
                                n = client.channel.read(in);
                                if (n > 0) {
                                    if (client.received == 0) {
                                        connecting--;
                                    }
                                    client.digest.update(in.array(), 0, n);
                                    client.received += n;
                                    bytes += n;
                                }
                            } while (n > 0);
                            if (n < 0) {
                                eof++;
                                int localPort = ((InetSocketAddress) client.channel.getLocalAddress()).getPort();
                                if (client.received == response
                                        && Arrays.equals(client.digest.digest(), expectedDigest(common, localPort))) {
                                    hashOk++;
                                }
                                key.cancel();
                                if (hold) {
                                    held.add(client);
                                } else {
                                    client.channel.close();
                                }
                            }
                        }
                    } catch (IOException e) {
                        if (client.received == 0) {
                            connecting--;
                        }
                        if (String.valueOf(e.getMessage()).startsWith("Connection reset")) {
                            reset++;
                        } else {
                            errors++;
                            if (errors <= 3) {
                                System.err.println("crowd: " + e);
                            }
                        }
                        key.cancel();
                        client.channel.close();
                    }
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey key : selector.keys()) {
                if (key.isValid()) {
                    key.channel().close(); // what did not end in time (not the held ones: their keys are cancelled)
                }
            }
        }
        System.out.printf("crowd connected=%d eof=%d hashOk=%d reset=%d errors=%d bytes=%d millis=%d%n", connected, eof,
                hashOk, reset, errors, bytes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.flush();
        if (hold) {
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // until the parent closes our stdin
            }
            for (Client c : held) {
                c.channel.close();
            }
        }
    }
}
