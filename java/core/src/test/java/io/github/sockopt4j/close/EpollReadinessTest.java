package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.NativeSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The closer's own epoll: what it reports, and that it never touches an fd it no longer owns. */
class EpollReadinessTest {

    @Test
    void reportsTheClosesWithInputAndForgetsRemovedOnes() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel quietPeer = SocketChannel.open(server.getLocalAddress());
             SocketChannel quiet = server.accept();
             SocketChannel talkerPeer = SocketChannel.open(server.getLocalAddress());
             SocketChannel talker = server.accept();
             EpollReadiness readiness = new EpollReadiness()) {
            PendingClose q = new PendingClose(CloseTarget.of(quiet), quiet, 0);
            PendingClose t = new PendingClose(CloseTarget.of(talker), talker, 0);
            readiness.add(q);
            readiness.add(t);
            talkerPeer.write(ByteBuffer.wrap(new byte[] {1}));
            List<PendingClose> ready = new ArrayList<>();
            readiness.select(ready::add, 5_000);
            assertEquals(List.of(t), ready, "only the close with input");
            readiness.remove(t);
            assertEquals(-1, t.slot);
            ready.clear();
            readiness.select(ready::add, 50);
            assertEquals(List.of(), ready, "a removed close is not reported, though still readable");
            quietPeer.close(); // EOF is input too
            readiness.select(ready::add, 5_000);
            assertEquals(List.of(q), ready);
        }
    }

    @Test
    void aWakeupEndsTheWaitAndAfterCloseWritesNowhere() throws Exception {
        EpollReadiness readiness = new EpollReadiness();
        long start = System.nanoTime();
        readiness.wakeup();
        readiness.select(p -> { }, 10_000);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the wakeup ended the wait");
        int eventfd = readiness.eventfd();
        readiness.close();
        // The lowest free numbers are handed out again: find a socket that got the eventfd's number.
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<SocketChannel> open = new ArrayList<>();
            try {
                SocketChannel reused = null;
                SocketChannel reusedPeer = null;
                for (int i = 0; i < 20 && reused == null; i++) {
                    SocketChannel a = SocketChannel.open(server.getLocalAddress());
                    SocketChannel b = server.accept();
                    open.add(a);
                    open.add(b);
                    if (NativeSocket.of(a).fd() == eventfd) {
                        reused = a;
                        reusedPeer = b;
                    } else if (NativeSocket.of(b).fd() == eventfd) {
                        reused = b;
                        reusedPeer = a;
                    }
                }
                assertTrue(reused != null, "no socket got fd " + eventfd + " back; the test proves nothing");
                readiness.wakeup();
                Thread.sleep(50);
                assertEquals(0, NativeSocket.of(reusedPeer).unreadBytes(), "a wakeup after close wrote to fd "
                        + eventfd + ", now " + reused);
            } finally {
                for (SocketChannel c : open) {
                    c.close();
                }
            }
        }
    }
}
