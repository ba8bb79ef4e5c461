package io.github.sockopt4j.close;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.SocketQueues;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * One close held by a {@link LingeringCloser} thread: kept small, since a server may hold tens
 * of thousands; its one {@link NativeSocket} (inside {@link #target}) serves every step of the
 * close. Touched only by its thread after {@link LingeringCloser#submit} hands it over.
 */
final class PendingClose {
    final SocketChannel channel;
    final CloseTarget target;
    final CompletableFuture<CloseReport> future = new CompletableFuture<>();
    /** The key with the closer's selector while draining; null before and after. */
    SelectionKey key;
    /** The queues at the first look; null until the close has started. */
    SocketQueues atStart;
    /** When the close started (or was submitted, until it starts). */
    long startNanos;
    /** When the last byte was read (or the close started): the idle timer counts from here. */
    long lastReadNanos;
    long drained;
    /** The {@link DeadlineHeap} key; fixed while in the heap. */
    long deadline;
    /** The index in the {@link DeadlineHeap}, or -1. */
    int heapIndex = -1;
    /** How the drain ended, once it has; then the close waits for its final step. */
    DrainEnd end;
    IOException failure;
    /** Input was shut down ({@code shutdownInput()}): read by timer, not on readiness. */
    boolean inputShut;

    PendingClose(CloseTarget target, SocketChannel channel, long submittedNanos) {
        this.target = target;
        this.channel = channel;
        this.startNanos = submittedNanos;
    }

    boolean started() {
        return atStart != null;
    }
}
