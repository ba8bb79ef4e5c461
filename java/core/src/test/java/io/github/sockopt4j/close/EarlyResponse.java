package io.github.sockopt4j.close;

import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.Payload;


import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The case: Y sends a 64 KiB request; X reads 1 KiB of it and queues a 4 MiB response
 * that Y has not started to read. A close now finds 63 KiB unread and about 4 MiB not yet
 * delivered.
 */
final class EarlyResponse {
    static final int REQUEST = 64 * 1024;
    static final int READ = 1024;
    static final int UNREAD = REQUEST - READ;
    static final int RESPONSE = 4 << 20;
    static final byte[] RESPONSE_BYTES = Payload.of(RESPONSE, 4);
    static final String RESPONSE_SHA256 = Payload.sha256(RESPONSE_BYTES);
    private static final byte[] REQUEST_BYTES = Payload.of(REQUEST, 64);

    private EarlyResponse() {}

    static void setUp(LoopbackPair p) throws Exception {
        // One write of the whole response fits, so "the write returned" and "the bytes reached Y"
        // are visibly different things. The kernel caps it at 2 * net.core.wmem_max.
        p.x.setSendBufferSize(2 * RESPONSE);
        p.y.getOutputStream().write(REQUEST_BYTES);
        p.xReadFully(READ);
        Await.until("the request's rest queued at X", Duration.ofSeconds(5),
                () -> p.xNative().unreadBytes() == UNREAD);
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                p.x.getOutputStream().write(RESPONSE_BYTES);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            write.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            p.close();
            throw new AssertionError("X could not queue the 4 MiB response while Y does not read;"
                    + " is net.core.wmem_max below 4 MiB (SO_SNDBUF = " + p.x.getSendBufferSize() + ")?", e);
        } catch (ExecutionException e) {
            throw new AssertionError("X's write failed", e.getCause());
        }
        assertEquals(UNREAD, p.xNative().unreadBytes(), "unread at X before the close");
    }

    /** Y read every byte of the response, in order, and then end of stream. */
    static void assertReceivedWhole(PeerRead read) {
        assertEquals(PeerRead.End.EOF, read.end(), "how Y's reads ended: " + read);
        assertEquals(RESPONSE, read.bytes(), read.toString());
        assertEquals(RESPONSE_SHA256, read.sha256(), read.toString());
    }
}
