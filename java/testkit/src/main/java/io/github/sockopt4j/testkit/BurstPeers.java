package io.github.sockopt4j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peers of the closer's burst test, in a child JVM (the two ends of 19,000 connections do
 * not fit under a hard {@code RLIMIT_NOFILE} of 20,000): one selector thread opens {@code count}
 * connections, each peer doing what its {@link BurstBehaviour} says.
 *
 * <p>Setup: each peer sends its request; all but the silent ones read their response (SHA-256
 * checked as in {@link PeerCrowd}); then it prints {@code ready}. From then on each acts at our
 * FIN (its read's end of stream). When the parent writes {@code read} to our stdin (every close
 * is over), the silent peers read what the server's kernel delivered after the close, to EOF.
 * Then it prints one line, per behaviour, e.g. {@code crowd PROMPT.n=12350 PROMPT.hashOk=12350
 * PROMPT.eof=12350 PROMPT.reset=0 PROMPT.errors=0 ... millis=N}, and exits.
 *
 * <p>Usage: {@code BurstPeers port count response}.
 */
public final class BurstPeers {
    /** The whole run, at most. */
    static final long RUN_LIMIT_MILLIS = 150_000;
    private static final int SHOWN_FAILURES = 5;

    private final Selector selector;
    private final int response;
    private final MessageDigest common;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer upload = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();
    private final ByteBuffer oneByte = ByteBuffer.allocateDirect(1);
    private final ArrayDeque<Peer> trickling = new ArrayDeque<>();
    private final Map<BurstBehaviour, long[]> tally = new EnumMap<>(BurstBehaviour.class);
    private final List<String> failures = new ArrayList<>();
    private volatile boolean readSilent;

    /** Counter indices of {@link #tally}. */
    private static final int N = 0, HASH_OK = 1, EOF = 2, RESET = 3, ERRORS = 4;
    private static final String[] NAMES = {"n", "hashOk", "eof", "reset", "errors"};

    private static final class Peer {
        final SocketChannel channel;
        /** Known once connected (the JDK tells the local address then). */
        int port;
        BurstBehaviour behaviour;
        int request;
        final MessageDigest digest = Payload.sha256();
        int requestSent;
        long received;
        long uploaded;
        long nextTrickle;
        /** The end of the peer's read side: EOF, reset or error seen; counted once. */
        boolean ended;
        boolean settled;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }

        void connected() throws IOException {
            channel.finishConnect();
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            behaviour = BurstBehaviour.of(port);
            request = BurstBehaviour.request(port);
        }
    }

    private BurstPeers(Selector selector, int response) throws Exception {
        this.selector = selector;
        this.response = response;
        this.common = PeerCrowd.commonDigest(response);
        for (BurstBehaviour b : BurstBehaviour.values()) {
            tally.put(b, new long[NAMES.length]);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int response = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        try (Selector selector = Selector.open()) {
            BurstPeers peers = new BurstPeers(selector, response);
            peers.listenToParent();
            peers.run(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), count,
                    start + TimeUnit.MILLISECONDS.toNanos(RUN_LIMIT_MILLIS));
            peers.failures.forEach(System.out::println);
            System.out.println(peers.resultLine(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            System.out.flush();
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
    }

    private void listenToParent() {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals("read")) {
                        readSilent = true;
                        selector.wakeup();
                    }
                }
            } catch (IOException e) {
                System.out.println("burst: stdin " + e);
            }
        }, "burst-stdin");
        t.setDaemon(true);
        t.start();
    }

    private void run(InetSocketAddress server, int count, long deadline) throws IOException {
        List<Peer> all = new ArrayList<>(count);
        int settled = 0;
        boolean ready = false;
        boolean silentArmed = false;
        // Bounded: ends when every peer's read side ended after "read", or at the run limit.
        while (System.nanoTime() - deadline < 0) {
            while (all.size() < count && all.size() - settled < PeerCrowd.MAX_CONNECTING) {
                SocketChannel c = SocketChannel.open();
                c.configureBlocking(false);
                c.connect(server);
                Peer p = new Peer(c);
                c.register(selector, SelectionKey.OP_CONNECT, p);
                all.add(p);
            }
            selector.select(10);
            for (SelectionKey key : selector.selectedKeys()) {
                Peer p = (Peer) key.attachment();
                boolean wasSettled = p.settled;
                try {
                    onEvent(key, p);
                } catch (IOException e) {
                    onError(p, e, "event");
                }
                if (p.settled && !wasSettled) {
                    settled++;
                }
            }
            selector.selectedKeys().clear();
            trickle();
            if (!ready && settled == count) {
                ready = true;
                System.out.println("ready");
                System.out.flush();
            }
            if (readSilent && !silentArmed) {
                silentArmed = true;
                for (Peer p : all) {
                    if (p.behaviour == BurstBehaviour.SILENT && !p.ended) {
                        p.channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
                    }
                }
            }
            if (silentArmed && all.stream().allMatch(p -> p.ended)) {
                return;
            }
        }
        failures.add("burst: run limit passed; read sides not ended: "
                + all.stream().filter(p -> !p.ended).count());
    }

    private void onEvent(SelectionKey key, Peer p) throws IOException {
        if (key.isConnectable()) {
            p.connected();
            tally.get(p.behaviour)[N]++;
            key.interestOps(p.request > 0 ? SelectionKey.OP_WRITE : 0);
            settleUnlessWaiting(key, p);
        }
        if (key.isValid() && key.isWritable()) {
            if (p.requestSent < p.request) {
                p.requestSent += p.channel.write(upload.duplicate().limit(p.request - p.requestSent));
                settleUnlessWaiting(key, p);
            } else {
                uploadMore(key, p);
            }
        }
        if (key.isValid() && key.isReadable()) {
            read(key, p);
        }
    }

    /** After the request: a silent peer waits for nothing, the others read their response. */
    private void settleUnlessWaiting(SelectionKey key, Peer p) {
        if (p.requestSent < p.request) {
            return;
        }
        if (p.behaviour == BurstBehaviour.SILENT) {
            key.interestOps(0);
            p.settled = true;
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(SelectionKey key, Peer p) throws IOException {
        int n;
        do {
            in.clear();
            n = p.channel.read(in);
            if (n > 0) {
                p.digest.update(in.array(), 0, n);
                p.received += n;
                if (p.received == response) {
                    p.settled = true;
                }
            }
        } while (n > 0);
        if (n < 0) {
            onEof(key, p);
        }
    }

    private void onEof(SelectionKey key, Peer p) throws IOException {
        long[] t = tally.get(p.behaviour);
        p.ended = true;
        t[EOF]++;
        byte[] expected;
        try {
            expected = PeerCrowd.expectedDigest(common, p.port);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        if (p.received == response && Arrays.equals(p.digest.digest(), expected)) {
            t[HASH_OK]++;
        } else {
            fail(p, "received " + p.received + " of " + response + " bytes or a wrong SHA-256");
        }
        switch (p.behaviour) {
            case PROMPT, SILENT -> p.channel.close();
            case RESETTER -> {
                p.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                p.channel.close();
            }
            case TRICKLER -> {
                key.interestOps(0);
                p.nextTrickle = System.nanoTime();
                trickling.add(p);
            }
            case UPLOADER, FLOODER -> key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void uploadMore(SelectionKey key, Peer p) throws IOException {
        long goal = p.behaviour == BurstBehaviour.UPLOADER ? BurstBehaviour.UPLOAD : BurstBehaviour.FLOOD;
        try {
            // Bounded: each write moves bytes or the socket is full (0) and we wait for OP_WRITE.
            for (int n = 1; n > 0 && p.uploaded < goal; ) {
                n = p.channel.write(upload.duplicate().limit((int) Math.min(upload.capacity(), goal - p.uploaded)));
                p.uploaded += n;
            }
        } catch (IOException e) {
            if (p.behaviour == BurstBehaviour.UPLOADER) {
                throw e;
            }
            p.channel.close(); // a flooder is reset by the byte cap's final close: expected
            return;
        }
        if (p.uploaded == goal) {
            if (p.behaviour == BurstBehaviour.UPLOADER) {
                p.channel.close();
            } else {
                key.interestOps(0);
            }
        }
    }

    /** One byte per due trickler; a trickler whose write fails (the server closed, then reset) stops. */
    private void trickle() {
        long now = System.nanoTime();
        for (int i = trickling.size(); i > 0; i--) {
            Peer p = trickling.poll();
            if (p.nextTrickle - now > 0) {
                trickling.add(p);
                continue;
            }
            try {
                p.channel.write(oneByte.duplicate());
                p.nextTrickle = now + TimeUnit.MILLISECONDS.toNanos(BurstBehaviour.TRICKLE_MILLIS);
                trickling.add(p);
            } catch (IOException expected) {
                try {
                    p.channel.close();
                } catch (IOException ignored) {
                    // closing a reset socket does not fail; nothing to report
                }
            }
        }
    }

    private void onError(Peer p, IOException e, String where) {
        if (p.behaviour == null) {
            failures.add("burst: a connect failed: " + e);
            p.ended = true;
            p.settled = true; // counted as no behaviour's: the parent sees a total short of count
            return;
        }
        long[] t = tally.get(p.behaviour);
        if (!p.ended) {
            p.ended = true;
            if (String.valueOf(e.getMessage()).startsWith("Connection reset")) {
                t[RESET]++;
            } else {
                t[ERRORS]++;
            }
        } else {
            t[ERRORS]++;
        }
        fail(p, where + ": " + e);
        try {
            p.channel.close();
        } catch (IOException ignored) {
            // the failure is already counted
        }
    }

    private void fail(Peer p, String what) {
        if (failures.size() < SHOWN_FAILURES) {
            failures.add("burst: peer " + p.port + " " + p.behaviour + ": " + what);
        }
    }

    private String resultLine(long millis) {
        StringBuilder s = new StringBuilder("crowd");
        tally.forEach((b, t) -> {
            for (int i = 0; i < NAMES.length; i++) {
                s.append(' ').append(b).append('.').append(NAMES[i]).append('=').append(t[i]);
            }
        });
        return s.append(" millis=").append(millis).toString();
    }
}
