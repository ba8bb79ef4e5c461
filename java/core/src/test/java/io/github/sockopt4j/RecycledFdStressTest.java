package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.NativeBackend;
import io.github.sockopt4j.internal.NativeBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A NativeSocket must never act on a socket that got its fd number after the JDK closed it.
 *
 * <p>Each round, a setter thread checks that the victim is open and then sets TCP_NODELAY on it,
 * while the main thread closes the victim, at once opens a sentinel (which takes the freed number)
 * and afterwards asks the JDK whether the sentinel's TCP_NODELAY changed. Half the rounds force
 * the worst interleaving: the setter, past its "open?" check, waits until the victim is closed and
 * the sentinel open, then calls. The other half race freely: the close starts as soon as the
 * setter has passed its check, so it meets calls before, inside and after the syscall. The
 * library's {@code set} must be refused in every forced round and never touch a sentinel; a
 * deliberately unguarded setter (check, then a raw {@code setsockopt} on the number) must be
 * caught by the same rounds.
 */
class RecycledFdStressTest {
    private static final int CHANNEL_ROUNDS = 20_000;
    private static final int SOCKET_ROUNDS = 5_000;
    private static final int UNGUARDED_ROUNDS = 1_000;
    /** How long one side waits for the other within a round; far beyond a round's few microseconds. */
    private static final long HANDOFF_NANOS = TimeUnit.SECONDS.toNanos(2);

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

    /** The setter's call, made after its own "open?" check. */
    private interface Setter {
        void set(NativeSocket view) throws IOException;
    }

    private static final Setter LIBRARY = view -> view.set(TcpOptions.TCP_NODELAY, true);

    /** What the library must not do: act on the number it read, without the JDK's lock. */
    private static final Setter UNGUARDED = new Setter() {
        private final NativeBackend raw = Backends.current();
        private final NativeBuffer one = raw.allocate(Integer.BYTES);
        private final int level = ConstantTable.get("IPPROTO_TCP");
        private final int name = ConstantTable.get("TCP_NODELAY");

        @Override
        public void set(NativeSocket view) {
            one.putInt(0, 1);
            raw.setsockopt(view.fd(), level, name, one.address(), Integer.BYTES);
            Reference.reachabilityFence(one);
        }
    };

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void channelsClosedUnderASetterNeverLeakToTheirSuccessor() throws Exception {
        guarded(stress(CHANNEL, LIBRARY, CHANNEL_ROUNDS));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void socketsClosedUnderASetterNeverLeakToTheirSuccessor() throws Exception {
        guarded(stress(SOCKET, LIBRARY, SOCKET_ROUNDS));
    }

    /** The same rounds catch a setter without the guard: they can fail. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anUnguardedSetterHitsTheSuccessor() throws Exception {
        Result r = stress(CHANNEL, UNGUARDED, UNGUARDED_ROUNDS);
        assertEquals(null, r.failure);
        assertTrue(r.forcedReused > r.forced / 2, r.toString());
        assertEquals(r.forcedReused, r.forcedCorrupted, "every forced round with a reused number must hit: " + r);
    }

    private static void guarded(Result r) {
        assertEquals(null, r.failure, "the setter failed otherwise than with ClosedChannelException");
        assertEquals(0, r.forcedCorrupted + r.freeCorrupted, "sentinels changed by a stale NativeSocket: " + r);
        assertTrue(r.forcedReused > r.forced / 2, "fd numbers were reused in too few forced rounds: " + r);
        assertEquals(r.forced, r.forcedRefused, "a forced round's call after the close must be refused: " + r);
        assertTrue(r.freeCloseMetACall > 0, "no free round closed while the call was under way: " + r);
    }

    /** What the rounds saw. */
    private static final class Result {
        int forced;
        int forcedReused;
        int forcedRefused;
        int forcedCorrupted;
        int free;
        int freeCloseMetACall;
        int freeCorrupted;
        Throwable failure;

        @Override
        public String toString() {
            return "forced rounds " + forced + " (number reused " + forcedReused + ", call refused " + forcedRefused
                    + ", sentinel changed " + forcedCorrupted + "), free rounds " + free + " (close met a call under way "
                    + freeCloseMetACall + ", sentinel changed " + freeCorrupted + ")";
        }
    }

    /** The hand-over between the main thread and the setter, one round at a time. */
    private static final class Round {
        final AtomicReference<NativeSocket> victim = new AtomicReference<>();
        volatile boolean forced;
        volatile int started;
        volatile int checked;
        volatile int swapped;
        volatile int finished;
        volatile boolean refused;
    }

    private static <S extends Closeable> Result stress(Kind<S> kind, Setter setter, int rounds) throws Exception {
        Round round = new Round();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread setterThread = new Thread(() -> setterLoop(round, setter, failure), "setter");
        setterThread.setDaemon(true);
        setterThread.start();
        Result r = new Result();
        try {
            for (int i = 1; i <= rounds && failure.get() == null; i++) {
                final int n = i;
                S victim = kind.open();
                NativeSocket view = kind.view(victim);
                boolean forced = i % 2 == 0;
                round.forced = forced;
                round.victim.set(view);
                round.started = n;
                await(() -> round.checked, n);
                boolean callUnderWay = round.finished != n;
                victim.close();
                S sentinel = kind.open();
                boolean reused = kind.view(sentinel).fd() == view.fd();
                round.swapped = n;
                await(() -> round.finished, n);
                boolean corrupted = kind.nodelay(sentinel);
                sentinel.close();
                if (forced) {
                    r.forced++;
                    r.forcedReused += reused ? 1 : 0;
                    r.forcedRefused += round.refused ? 1 : 0;
                    r.forcedCorrupted += corrupted ? 1 : 0;
                } else {
                    r.free++;
                    r.freeCloseMetACall += callUnderWay ? 1 : 0;
                    r.freeCorrupted += corrupted ? 1 : 0;
                }
            }
        } finally {
            setterThread.interrupt();
            setterThread.join(10_000);
        }
        r.failure = failure.get();
        System.out.println("RecycledFdStressTest " + (setter == LIBRARY ? "library" : "unguarded") + ": " + r);
        return r;
    }

    private static void setterLoop(Round round, Setter setter, AtomicReference<Throwable> failure) {
        int last = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int n = round.started;
            if (n == last) {
                Thread.onSpinWait();
                continue;
            }
            last = n;
            NativeSocket view = round.victim.get();
            boolean refused = false;
            try {
                if (!view.isOpen()) {
                    throw new IllegalStateException("round " + n + ": the victim was closed before the check");
                }
                round.checked = n;
                if (round.forced) {
                    await(() -> round.swapped, n); // the worst case: the number changes hands right here
                }
                setter.set(view);
            } catch (ClosedChannelException expected) {
                refused = true;
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                round.checked = n;
                round.finished = n;
                return;
            }
            round.refused = refused;
            round.finished = n;
        }
    }

    /** Spins until {@code value} reaches {@code n}, at most {@link #HANDOFF_NANOS}. */
    private static void await(IntSupplier value, int n) {
        long deadline = System.nanoTime() + HANDOFF_NANOS;
        while (value.getAsInt() != n) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("round " + n + ": the other thread did not answer in time");
            }
            Thread.onSpinWait();
        }
    }
}
