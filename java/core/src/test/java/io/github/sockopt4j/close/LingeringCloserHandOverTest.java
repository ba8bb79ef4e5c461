package io.github.sockopt4j.close;

import io.github.sockopt4j.testkit.Await;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The closer's promises at the edges of the hand-over: a rejected channel comes back as it was,
 * a channel another selector still holds is reported as such, an interrupt of the closer's
 * thread closes no channel, and the shared closer survives a try-with-resources.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LingeringCloserHandOverTest {
    private static final DrainPolicy LONG = DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(20));

    private static LingeringCloser start() throws Exception {
        return LingeringCloser.start(LingeringCloserOptions.DEFAULT.withPolicy(LONG).withThreadName("hand-over-closer"));
    }

    private static CloseReport await(CompletableFuture<CloseReport> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aRejectedSubmitGivesTheBlockingChannelBackBlocking() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            LingeringCloser closer = start();
            // A thread still in a blocking read holds the channel's read lock: the submit below
            // passes its "closed?" check, then waits in configureBlocking(false) until the read ends.
            Thread reader = daemon("reader", () -> p.xChannel.read(ByteBuffer.allocate(1)));
            Await.until("the reader blocked in read", Duration.ofSeconds(10), () -> inFrame(reader, "read"));
            CompletableFuture<Throwable> rejected = new CompletableFuture<>();
            Thread submitter = daemon("submitter", () -> {
                try {
                    closer.submit(p.xChannel);
                    rejected.complete(null);
                } catch (Throwable t) {
                    rejected.complete(t);
                }
                return null;
            });
            Await.until("the submit waiting in configureBlocking", Duration.ofSeconds(10),
                    () -> inFrame(submitter, "implConfigureBlocking") && submitter.getState() == Thread.State.WAITING);
            closer.close(Duration.ZERO);
            p.y.getOutputStream().write(1); // ends the read: the submit goes on and finds the closer closed

            Throwable t = rejected.get(10, TimeUnit.SECONDS);
            assertInstanceOf(RejectedExecutionException.class, t, String.valueOf(t));
            assertTrue(t.getMessage().contains("as it was"), t.getMessage());
            assertTrue(p.xChannel.isOpen(), "a rejected channel stays open");
            assertTrue(p.xChannel.isBlocking(), "a rejected channel is blocking again, as it came");
            assertEquals(1, closer.stats().rejected());
        }
    }

    @Test
    void aChannelAnotherSelectorStillHoldsIsReportedAndItsFdFreedAtThatSelectorsNextSelect() throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL); Selector mine = Selector.open()) {
            p.xChannel.configureBlocking(false);
            SelectionKey key = p.xChannel.register(mine, SelectionKey.OP_READ);
            key.cancel(); // and this selector never selects again until the end
            // X's own socket, not every fd of the JVM: other fds may come and go meanwhile.
            long socket = Fds.inodeOf(p.xChannel);
            assertEquals(1, Fds.referringTo(socket), "X's socket has its one fd");
            LingeringCloser closer = start();
            CompletableFuture<CloseReport> f = closer.submit(p.xChannel);
            closer.close(Duration.ZERO);

            CloseReport report = f.getNow(null);
            assertEquals(DrainEnd.SHUTDOWN, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.UNKNOWN, report.finalSignal(), report.toString());
            assertTrue(report.failure().orElseThrow().getMessage().contains("still registered"), report.toString());
            assertFalse(p.xChannel.isOpen());
            assertEquals(1, Fds.referringTo(socket), "the JDK keeps the fd until the other selector deregisters it");
            mine.selectNow();
            assertEquals(0, Fds.referringTo(socket), "that selector's next select released the fd");
        }
    }

    @Test
    void anInterruptByOneCallbackReachesNeitherTheNextCallbackNorTheDrains() throws Exception {
        int closes = 5;
        List<LoopbackPair> pairs = new ArrayList<>();
        try (LingeringCloser closer = start(); LoopbackPair user = LoopbackPair.open(LoopbackPair.Kind.CHANNEL);
             LoopbackPair gate = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            // The gate close's callback holds the closer's thread while the closes are submitted and
            // their callbacks attached: then all run there, in one batch, after the gate opens.
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch open = new CountDownLatch(1);
            CompletableFuture<CloseReport> gated = closer.submit(gate.xChannel).whenComplete((r, t) -> {
                held.countDown();
                awaitQuietly(open);
            });
            gate.y.close();
            assertTrue(held.await(10, TimeUnit.SECONDS), "the gate's callback runs on the closer's thread");
            for (int i = 0; i < closes; i++) {
                LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL);
                pairs.add(p);
                p.y.getOutputStream().write(new byte[1000]);
                p.y.close(); // every EOF waits before the closes start: they end in one select, one batch
            }
            List<CompletableFuture<CloseReport>> futures = new ArrayList<>();
            List<Throwable> seen = new CopyOnWriteArrayList<>();
            for (LoopbackPair p : pairs) {
                futures.add(closer.submit(p.xChannel).whenComplete((r, t) -> {
                    // A callback that does blocking I/O on the closer's thread, then interrupts it.
                    try {
                        user.xChannel.write(ByteBuffer.wrap(new byte[1]));
                    } catch (Exception e) {
                        seen.add(e);
                    }
                    Thread.currentThread().interrupt();
                }));
            }
            open.countDown();
            await(gated);
            for (CompletableFuture<CloseReport> f : futures) {
                CloseReport r = await(f);
                assertEquals(DrainEnd.PEER_EOF, r.drainEnd(), r.toString());
                assertEquals(1000, r.bytesDrained(), r.toString());
            }
            assertEquals(List.of(), seen, "a callback saw the interrupt an earlier callback left");
            assertTrue(user.xChannel.isOpen());
            try (LoopbackPair c = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
                CompletableFuture<CloseReport> fc = closer.submit(c.xChannel);
                c.y.getOutputStream().write(new byte[1000]);
                c.y.close();
                CloseReport rc = await(fc);
                assertEquals(DrainEnd.PEER_EOF, rc.drainEnd(), "the closer drains on after the interrupts: " + rc);
                assertEquals(1000, rc.bytesDrained(), rc.toString());
            }
        } finally {
            for (LoopbackPair p : pairs) {
                p.close();
            }
        }
    }

    @Test
    void theSharedCloserSurvivesATryWithResources() throws Exception {
        try (LingeringCloser shared = LingeringCloser.shared()) {
            assertFalse(shared.isClosed());
        }
        assertFalse(LingeringCloser.shared().isClosed());
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CompletableFuture<CloseReport> f = Close.lingeringAsync(p.xChannel);
            p.y.close();
            assertEquals(DrainEnd.PEER_EOF, await(f).drainEnd(), "the shared closer still closes");
        }
        assertThrows(IllegalStateException.class, () -> LingeringCloser.shared().close(Duration.ZERO));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean inFrame(Thread t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method)
                && f.getClassName().startsWith("sun.nio.ch.SocketChannelImpl"));
    }

    private static Thread daemon(String name, java.util.concurrent.Callable<?> task) {
        Thread t = new Thread(() -> {
            try {
                task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
