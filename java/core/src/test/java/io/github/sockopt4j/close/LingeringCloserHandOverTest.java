package io.github.sockopt4j.close;

import io.github.sockopt4j.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    private static final LingerPolicy LONG = LingerPolicy.DEFAULT.withIdleTimeout(Duration.ofSeconds(20));

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
        Fds.warmUp();
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL); Selector mine = Selector.open()) {
            p.xChannel.configureBlocking(false);
            SelectionKey key = p.xChannel.register(mine, SelectionKey.OP_READ);
            key.cancel(); // and this selector never selects again until the end
            long fds = Fds.count();
            LingeringCloser closer = start();
            CompletableFuture<CloseReport> f = closer.submit(p.xChannel);
            closer.close(Duration.ZERO);

            CloseReport report = f.getNow(null);
            assertEquals(DrainEnd.SHUTDOWN, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.UNKNOWN, report.finalSignal(), report.toString());
            assertTrue(report.failure().orElseThrow().getMessage().contains("still registered"), report.toString());
            assertFalse(p.xChannel.isOpen());
            assertEquals(fds, Fds.count(), "the JDK keeps the fd until the other selector deregisters it");
            mine.selectNow();
            assertEquals(fds - 1, Fds.count(), "that selector's next select released the fd");
        }
    }

    @Test
    void anInterruptOfTheCloserThreadClosesNoChannel() throws Exception {
        byte[] late = new byte[1000];
        Arrays.fill(late, (byte) 7);
        try (LingeringCloser closer = start();
             LoopbackPair a = LoopbackPair.open(LoopbackPair.Kind.CHANNEL);
             LoopbackPair b = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CompletableFuture<CloseReport> fa = closer.submit(a.xChannel);
            CompletableFuture<CloseReport> fb = closer.submit(b.xChannel);
            // Runs on the closer's thread when fa completes: b's bytes and FIN are ready at its next
            // select, which an interrupted thread enters at once.
            CompletableFuture<Void> callback = fa.thenRun(() -> {
                try {
                    b.y.getOutputStream().write(late);
                    b.y.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                Thread.currentThread().interrupt();
            });
            assertEquals(PeerRead.End.EOF, PeerRead.readAll(a.y, 5_000).end());
            a.y.close();
            assertEquals(DrainEnd.PEER_EOF, await(fa).drainEnd());
            callback.get(10, TimeUnit.SECONDS);

            CloseReport rb = await(fb);
            assertEquals(DrainEnd.PEER_EOF, rb.drainEnd(), rb.toString());
            assertEquals(late.length, rb.bytesDrained(), rb.toString());
            assertEquals(FinalSignal.FIN, rb.finalSignal(), rb.toString());
            assertTrue(rb.failure().isEmpty(), rb.toString());
            try (LoopbackPair c = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
                CompletableFuture<CloseReport> fc = closer.submit(c.xChannel);
                c.y.close();
                assertEquals(DrainEnd.PEER_EOF, await(fc).drainEnd(), "the closer goes on after the interrupt");
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
