package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.close.DrainPolicy;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DuplexChannel;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The handler's close against a JDK socket peer, on each transport: what the peer receives, how
 * the drain ends, and what the report says.
 */
@Timeout(60)
class LingeringCloseHandlerTest {
    private static final int UPLOAD = 4 << 20;
    private static final int RESPONSE = 8 << 20;
    private static final DrainPolicy QUICK = DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofMillis(300))
            .withTotalTimeout(Duration.ofSeconds(5));

    /**
     * The peer uploads 4 MiB; the server answers 8 MiB (more than the socket buffers hold) and
     * closes after the first 64 KiB. The peer still sends everything, then reads the whole
     * response and our FIN; the drain counts exactly what the application did not read.
     */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aPeerStillSendingGetsTheWholeResponse(NettyTransport transport) throws Exception {
        byte[] response = new byte[RESPONSE];
        new Random(7).nextBytes(response);
        try (LingerFixture server = new LingerFixture(transport, DrainPolicy.DEFAULT); Socket peer = new Socket()) {
            LingerFixture.Accepted a = server.connect(peer);
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> send(peer, UPLOAD));
            until("64 KiB read by the application", () -> server.appRead.get() >= 64 << 10);
            a.channel().writeAndFlush(Unpooled.wrappedBuffer(response));
            ChannelFuture closed = a.channel().close();
            upload.get(20, TimeUnit.SECONDS);
            byte[] received = readToEof(peer);
            assertEquals(RESPONSE, received.length, "response bytes the peer read before EOF");
            assertArrayEquals(sha256(response), sha256(received), "the response, in order");
            peer.close();
            CloseReport r = a.handler().closeReport().get(10, TimeUnit.SECONDS);
            assertTrue(closed.await(5, TimeUnit.SECONDS) && closed.isSuccess(), "the close() future");
            assertEquals(CloseStrategy.LINGERING_ASYNC, r.strategy(), r.toString());
            assertEquals(DrainEnd.PEER_EOF, r.drainEnd(), r.toString());
            assertEquals(FinalSignal.FIN, r.finalSignal(), r.toString());
            assertEquals(UPLOAD, server.appRead.get() + r.bytesDrained(), "read by the app + drained: " + r);
            assertTrue(r.atStart().orElseThrow().unread() >= 0 && r.atClose().orElseThrow().unread() == 0, r.toString());
        }
    }

    /**
     * A byte cap far below what the peer sends while the response is still being flushed (the
     * peer reads only after its upload): bytes read then count, but the drain ends at the cap only
     * once the whole response is written and our FIN sent; ending it earlier would fail the
     * pending write and cut the response.
     */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aByteCapReachedWhileTheResponseIsFlushedDoesNotCutIt(NettyTransport transport) throws Exception {
        byte[] response = new byte[RESPONSE];
        new Random(11).nextBytes(response);
        int cap = 16 << 10;
        int afterClose = 1 << 20;
        try (LingerFixture server = new LingerFixture(transport, DrainPolicy.DEFAULT.withMaxDrainBytes(cap));
             Socket peer = new Socket()) {
            LingerFixture.Accepted a = server.connect(peer);
            send(peer, 64 << 10);
            until("64 KiB read by the application", () -> server.appRead.get() >= 64 << 10);
            Channel ch = a.channel();
            ch.writeAndFlush(Unpooled.wrappedBuffer(response));
            // The handler's close has begun once this returns: the peer reads nothing yet, so the
            // 8 MiB cannot all be written and the handler waits for the flush.
            ch.eventLoop().submit(() -> ch.close()).get(5, TimeUnit.SECONDS);
            send(peer, afterClose);
            NativeSocket peerSocket = NativeSocket.of(peer);
            until("the upload after the close acknowledged and read", () -> allRead(peerSocket, ch));
            byte[] received = readToEof(peer);
            assertEquals(RESPONSE, received.length, "response bytes the peer read before EOF");
            assertArrayEquals(sha256(response), sha256(received), "the response, in order");
            CloseReport r = a.handler().closeReport().get(10, TimeUnit.SECONDS);
            assertEquals(DrainEnd.BYTE_CAP, r.drainEnd(), r.toString());
            assertEquals(afterClose, r.bytesDrained(), r.toString());
            assertEquals(FinalSignal.FIN, r.finalSignal(), r.toString());
        }
    }

    /**
     * Whether the server has read all the peer sent: the peer's send queue is acknowledged, and the
     * server's receive queue is empty (read on the channel's event loop, the only thread a native
     * channel's fd allows).
     */
    private static boolean allRead(NativeSocket peer, Channel ch) {
        try {
            return peer.sendQueueBytes() == 0
                    && ch.eventLoop().submit(() -> ChannelSockets.of(ch).unreadBytes()).get(5, TimeUnit.SECONDS) == 0;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A peer that neither sends nor closes: the drain ends at the idle timeout, FIN (nothing unread). */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aSilentPeerEndsTheDrainAtTheIdleTimeout(NettyTransport transport) throws Exception {
        try (LingerFixture server = new LingerFixture(transport, QUICK); Socket peer = new Socket()) {
            LingerFixture.Accepted a = server.connect(peer);
            a.channel().close();
            CloseReport r = a.handler().closeReport().get(10, TimeUnit.SECONDS);
            assertEquals(DrainEnd.IDLE_TIMEOUT, r.drainEnd(), r.toString());
            assertEquals(FinalSignal.FIN, r.finalSignal(), r.toString());
            assertTrue(r.elapsed().compareTo(QUICK.idleTimeout()) >= 0, r.toString());
            assertEquals(-1, peer.getInputStream().read(), "the peer reads our FIN");
        }
    }

    /** A peer that keeps sending small pieces: the total timeout ends the drain, well before its idle timeout would. */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aPeerThatNeverStopsEndsAtTheTotalTimeout(NettyTransport transport) throws Exception {
        DrainPolicy policy = new DrainPolicy(Duration.ofMillis(400), Duration.ofMillis(400), Long.MAX_VALUE, 1024);
        try (LingerFixture server = new LingerFixture(transport, policy); Socket peer = new Socket()) {
            LingerFixture.Accepted a = server.connect(peer);
            a.channel().close();
            CompletableFuture<CloseReport> report = a.handler().closeReport();
            OutputStream out = peer.getOutputStream();
            for (int i = 0; i < 200 && !report.isDone(); i++) {
                try {
                    out.write(new byte[100]);
                } catch (java.io.IOException resetAtTheEnd) {
                    break;
                }
                Thread.sleep(10); // a trickle: never idle for 400 ms
            }
            CloseReport r = report.get(10, TimeUnit.SECONDS);
            assertEquals(DrainEnd.TOTAL_TIMEOUT, r.drainEnd(), r.toString());
            assertTrue(r.bytesDrained() > 0, r.toString());
            assertTrue(r.elapsed().toMillis() >= 400 && r.elapsed().toMillis() < 5_000, r.toString());
        }
    }

    /** A peer uploading fast past the byte cap: the drain stops there. */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void theByteCapEndsTheDrain(NettyTransport transport) throws Exception {
        DrainPolicy policy = DrainPolicy.DEFAULT.withMaxDrainBytes(256 << 10);
        try (LingerFixture server = new LingerFixture(transport, policy); Socket peer = new Socket()) {
            LingerFixture.Accepted a = server.connect(peer);
            a.channel().close();
            // The close runs on the event loop; sent earlier, the upload could reach the application first.
            until("our FIN sent", () -> ((DuplexChannel) a.channel()).isOutputShutdown());
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> send(peer, UPLOAD));
            CloseReport r = a.handler().closeReport().get(10, TimeUnit.SECONDS);
            assertEquals(DrainEnd.BYTE_CAP, r.drainEnd(), r.toString());
            assertTrue(r.bytesDrained() >= policy.maxDrainBytes() && r.bytesDrained() < UPLOAD, r.toString());
            peer.close();
            upload.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A second close while lingering completes with the first, without an exception; the channel
     * stays open (and its closeFuture pending) until the drain ends; writes meanwhile fail as
     * after any close.
     */
    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aSecondCloseCompletesWithTheFirst(NettyTransport transport) throws Exception {
        try (LingerFixture server = new LingerFixture(transport, QUICK); Socket peer = new Socket()) {
            LingerFixture.Accepted a = server.connect(peer);
            ChannelFuture first = a.channel().close();
            ChannelFuture second = a.channel().close();
            ChannelFuture write = a.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[10]));
            assertTrue(write.await(5, TimeUnit.SECONDS), "the write after close completes");
            assertInstanceOf(ClosedChannelException.class, write.cause(), "the write after close");
            assertTrue(a.channel().isOpen(), "open while lingering");
            assertFalse(a.channel().closeFuture().isDone(), "closeFuture pending while lingering");
            assertFalse(second.isDone(), "the second close waits for the first");
            assertTrue(second.await(10, TimeUnit.SECONDS) && second.isSuccess(), "second close: " + second.cause());
            assertTrue(first.await(5, TimeUnit.SECONDS) && first.isSuccess(), "first close: " + first.cause());
            assertTrue(a.channel().closeFuture().isDone() && !a.channel().isOpen(), "closed when both closes completed");
            assertEquals(DrainEnd.IDLE_TIMEOUT, a.handler().closeReport().get(5, TimeUnit.SECONDS).drainEnd());
            assertEquals(-1, peer.getInputStream().read(), "nothing after our FIN: the write after close was not sent");
        }
    }

    /** A channel that is not a TCP connection is closed at once, reported as a plain close with no native fields. */
    @Test
    void aChannelThatCannotLingerClosesPlainly() throws Exception {
        LingeringCloseHandler handler = new LingeringCloseHandler();
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.close().sync();
        CloseReport r = handler.closeReport().get(5, TimeUnit.SECONDS);
        assertEquals(CloseStrategy.PLAIN, r.strategy(), r.toString());
        assertEquals(DrainEnd.NOT_APPLICABLE, r.drainEnd(), r.toString());
        assertEquals(FinalSignal.UNKNOWN, r.finalSignal(), r.toString());
        assertTrue(r.atStart().isEmpty() && r.atClose().isEmpty(), r.toString());
        assertFalse(channel.isOpen());
    }

    private static void send(Socket peer, int bytes) {
        try {
            OutputStream out = peer.getOutputStream();
            byte[] chunk = new byte[64 << 10];
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] readToEof(Socket peer) throws Exception {
        peer.setSoTimeout(10_000);
        InputStream in = peer.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5); // polls a counter the event loop updates
        }
    }
}
