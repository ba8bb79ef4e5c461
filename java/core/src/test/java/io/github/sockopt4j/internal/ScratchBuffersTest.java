package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The shared scratch buffers: one owner at a time, never a wait, never a buffer handed out twice. */
class ScratchBuffersTest {
    private static final int SIZE = 64;

    @Test
    void whenEverySlotIsTakenAFreshBufferIsHandedOutAndLeftToTheGc() {
        ScratchBuffers pool = new ScratchBuffers(Backends.current(), SIZE);
        Set<NativeBuffer> held = Collections.newSetFromMap(new IdentityHashMap<>());
        // Far more claims than slots, none released: each one a buffer no other claim holds.
        List<NativeBuffer> claims = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            NativeBuffer b = pool.acquire();
            assertEquals(SIZE, b.size());
            assertTrue(held.add(b), "a held buffer was handed out again at claim " + i);
            claims.add(b);
        }
        NativeBuffer first = claims.get(0);
        pool.release(first);
        assertSame(first, pool.acquire(), "a released slot is claimed again by the same thread");
        NativeBuffer fresh = claims.get(claims.size() - 1);
        pool.release(fresh); // not pooled: nothing to give back
        NativeBuffer next = pool.acquire();
        assertNotSame(fresh, next, "a buffer allocated because every slot was taken never enters the pool");
    }

    @Test
    void concurrentCallersNeverShareABuffer() throws Exception {
        ScratchBuffers pool = new ScratchBuffers(Backends.current(), SIZE);
        AtomicLong clashes = new AtomicLong();
        int threads = 64;
        int rounds = 2_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long mark = t + 1;
                done.add(executor.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        NativeBuffer b = pool.acquire();
                        b.putLong(0, mark);
                        Thread.yield(); // give another owner the chance to write into it, were it shared
                        if (b.getLong(0) != mark) {
                            clashes.incrementAndGet();
                        }
                        pool.release(b);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(0, clashes.get(), "calls that found another owner's value in their buffer");
    }
}
