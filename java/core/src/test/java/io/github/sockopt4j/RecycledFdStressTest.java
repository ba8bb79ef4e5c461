package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.NativeBackend;
import io.github.sockopt4j.internal.NativeBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A NativeSocket must never act on a socket that got its fd number after the JDK closed it.
 *
 * <p>One thread sets TCP_NODELAY through a NativeSocket without pause; the main thread closes
 * the JDK object under it, at once opens a sentinel socket (which takes the freed number), and
 * afterwards asks the JDK whether the sentinel's TCP_NODELAY changed. It must never have.
 */
class RecycledFdStressTest {
    private static final int CHANNEL_ITERATIONS = 100_000;
    private static final int SOCKET_ITERATIONS = 20_000;

    /** A JDK socket kind: how to open one, view it, and read TCP_NODELAY independently of sockopt4j. */
    private interface Kind<S extends Closeable> {
        S open() throws IOException;

        NativeSocket view(S socket);

        boolean nodelay(S socket) throws IOException;
    }

    private static final Kind<SocketChannel> CHANNEL = new Kind<>() {
        public SocketChannel open() throws IOException { return SocketChannel.open(); }
        public NativeSocket view(SocketChannel s) { return NativeSocket.of(s); }
        public boolean nodelay(SocketChannel s) throws IOException {
            return s.getOption(StandardSocketOptions.TCP_NODELAY);
        }
    };

    private static final Kind<Socket> SOCKET = new Kind<>() {
        public Socket open() { return new Socket(); }
        public NativeSocket view(Socket s) { return NativeSocket.of(s); }
        public boolean nodelay(Socket s) throws IOException { return s.getTcpNoDelay(); }
    };

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void channelsClosedUnderAHammeringSetterNeverLeakToTheirSuccessor() throws Exception {
        stress(CHANNEL, CHANNEL_ITERATIONS);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void socketsClosedUnderAHammeringSetterNeverLeakToTheirSuccessor() throws Exception {
        stress(SOCKET, SOCKET_ITERATIONS);
    }

    private static volatile boolean closing;

    private static <S extends Closeable> void stress(Kind<S> kind, int iterations) throws Exception {
        AtomicReference<NativeSocket> target = new AtomicReference<>();
        AtomicLong sets = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread setter = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                NativeSocket s = target.get();
                if (s == null || closing) {
                    // JDK monitors are not fair: a loop that re-takes the socket's lock at once can
                    // starve close() for minutes on a loaded machine. A call already under way
                    // still races the close; only new calls wait until close() has returned.
                    Thread.onSpinWait();
                    continue;
                }
                try {
                    s.set(TcpOptions.TCP_NODELAY, true);
                    sets.incrementAndGet();
                } catch (ClosedChannelException expected) {
                    refused.incrementAndGet();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                }
            }
        }, "setter");
        setter.setDaemon(true);
        setter.start();

        int reused = 0;
        int corrupted = 0;
        try {
            for (int i = 0; i < iterations && failure.get() == null; i++) {
                S victim = kind.open();
                NativeSocket view = kind.view(victim);
                target.set(view);
                long before = sets.get() + refused.get();
                for (int spin = 0; spin < 100_000 && sets.get() + refused.get() == before; spin++) {
                    Thread.onSpinWait(); // let the setter reach this socket at least once
                }
                closing = true;
                victim.close();
                closing = false;
                S sentinel = kind.open();
                NativeSocket sentinelView = kind.view(sentinel);
                if (sentinelView.fd() == view.fd()) {
                    reused++;
                }
                // Give the setter time to act on the stale view after the number was reused.
                long seen = sets.get() + refused.get();
                for (int spin = 0; spin < 100_000 && sets.get() + refused.get() < seen + 2; spin++) {
                    Thread.onSpinWait();
                }
                target.set(null);
                if (kind.nodelay(sentinel)) {
                    corrupted++;
                }
                sentinel.close();
            }
        } finally {
            setter.interrupt();
            setter.join(10_000);
        }
        assertEquals(null, failure.get(), "the setter failed otherwise than with ClosedChannelException");
        assertEquals(0, corrupted, "sentinels whose TCP_NODELAY was changed by a stale NativeSocket");
        assertTrue(reused > iterations / 2, "fd numbers were reused in only " + reused + " of " + iterations
                + " iterations: the test did not exercise reuse");
        assertTrue(refused.get() > iterations / 2, "stale calls refused: " + refused.get());
    }

    /** The hazard is real: a raw setsockopt on a closed socket's number changes its successor. */
    @Test
    void withoutTheGuardTheStaleNumberHitsTheSuccessor() throws Exception {
        NativeBackend raw = Backends.current();
        NativeBuffer one = raw.allocate(4);
        one.putInt(0, 1);
        SocketChannel victim = SocketChannel.open();
        int stale = NativeSocket.of(victim).fd();
        victim.close();
        try (SocketChannel sentinel = SocketChannel.open()) {
            assertEquals(stale, NativeSocket.of(sentinel).fd(), "the kernel hands out the lowest free number");
            assertFalse(sentinel.getOption(StandardSocketOptions.TCP_NODELAY));
            assertEquals(0, raw.setsockopt(stale, ConstantTable.get("IPPROTO_TCP"),
                    ConstantTable.get("TCP_NODELAY"), one.address(), 4));
            assertTrue(sentinel.getOption(StandardSocketOptions.TCP_NODELAY), "the unguarded call hit the sentinel");
        }
    }
}
