package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.testkit.Await;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The view of an fd another library owns (Netty's native channels): usable only on the owner's
 * thread, refused once the owner says the fd is closed, and never closing it.
 */
class ForeignFdSocketTest {

    @Test
    void onlyTheOwnerThreadMayCallAndOnlyWhileTheOwnerKeepsItOpen() throws Exception {
        try (LoopbackFixture.Opened o = LoopbackFixture.IPV4_ACCEPTED.open()) {
            Thread owner = Thread.currentThread();
            AtomicBoolean open = new AtomicBoolean(true);
            FdSocket view = FdSocket.ofForeignFd(o.socket.fd(), open::get, () -> Thread.currentThread() == owner,
                    "the test's channel");
            o.peer.write(ByteBuffer.wrap(new byte[10]));
            Await.until("10 bytes unread", Duration.ofSeconds(5), () -> view.unreadBytes() == 10);

            CompletableFuture<Integer> elsewhere = CompletableFuture.supplyAsync(() -> {
                try {
                    return view.unreadBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ExecutionException refused = assertThrows(ExecutionException.class, () -> elsewhere.get(5, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof IllegalStateException
                    && refused.getCause().getMessage().contains("only on the thread that closes it"), refused.toString());

            open.set(false);
            assertThrows(ClosedChannelException.class, view::unreadBytes, "after the owner closed the fd");
            assertTrue(o.channel.isOpen(), "the view never closes the fd");
            assertEquals(10, o.socket.unreadBytes(), "the JDK's own view still works on the same fd");
        }
    }
}
