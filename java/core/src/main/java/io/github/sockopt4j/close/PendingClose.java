package io.github.sockopt4j.close;

import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.internal.FdSocket;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * One close held by a {@link LingeringCloser} thread: kept small, since a server may hold tens
 * of thousands; its one {@link FdSocket} (inside {@link #target}) serves every step of the
 * close. Touched only by its thread after {@link LingeringCloser#submit} hands it over.
 */
final class PendingClose {
    /** The channel; null for a descriptor sockopt4j owns ({@link OwnedFdTarget}), which needs native access. */
    final SocketChannel channel;
    final CloseTarget target;
    final CompletableFuture<CloseReport> future = new CompletableFuture<>();
    /** The key with the JDK's selector while draining ({@link JdkReadiness}); null before and after. */
    SelectionKey key;
    /** The slot in {@link EpollReadiness} while draining; -1 before and after. */
    int slot = -1;
    /** Whether the close has started (its first look is done). */
    boolean started;
    /** Whether the first look saw the queues (native access), and what it saw: kept as ints, not an object. */
    boolean queuesSeen;
    int unreadAtStart;
    int unsentAtStart;
    int unackedAtStart;
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

    /**
     * Whether the input is shut down: by {@code shutdownInput()}, or found so by a read's end of
     * stream that was no FIN ({@link #inputShut}); a read's 0 is then no FIN by itself.
     */
    boolean inputShutDown() {
        return inputShut || target.isInputShutdown();
    }

    /** Records the first look's queues (null without native access) and that the close has started. */
    void start(SocketQueues atStart, long startNanos) {
        started = true;
        queuesSeen = atStart != null;
        if (queuesSeen) {
            unreadAtStart = atStart.unread();
            unsentAtStart = atStart.unsent();
            unackedAtStart = atStart.unacked();
        }
        this.startNanos = startNanos;
        this.lastReadNanos = startNanos;
    }

    /** The queues at the first look, or null when they were not seen. */
    SocketQueues atStart() {
        return queuesSeen ? new SocketQueues(unreadAtStart, unsentAtStart, unackedAtStart) : null;
    }
}
