package io.github.sockopt4j.close;

import java.util.Arrays;

/**
 * The one timer structure of a {@link LingeringCloser} thread: a binary min-heap of pending
 * closes by {@link PendingClose#deadline} ({@code System.nanoTime()} values, compared by
 * difference so that wrap-around is harmless), each entry knowing its index so that removal is
 * O(log n). Not thread-safe: one closer thread owns it.
 */
final class DeadlineHeap {
    private PendingClose[] entries = new PendingClose[64];
    private int size;

    int size() {
        return size;
    }

    /** The entry with the earliest deadline, or null. */
    PendingClose peek() {
        return size == 0 ? null : entries[0];
    }

    PendingClose get(int index) {
        return entries[index];
    }

    void add(PendingClose p, long deadline) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        p.deadline = deadline;
        p.heapIndex = size;
        entries[size++] = p;
        siftUp(p.heapIndex);
    }

    /** Moves {@code p} (in the heap) to a new deadline. */
    void update(PendingClose p, long deadline) {
        long old = p.deadline;
        p.deadline = deadline;
        if (deadline - old < 0) {
            siftUp(p.heapIndex);
        } else {
            siftDown(p.heapIndex);
        }
    }

    /** Removes {@code p} if it is in the heap. */
    void remove(PendingClose p) {
        int i = p.heapIndex;
        if (i < 0) {
            return;
        }
        p.heapIndex = -1;
        PendingClose last = entries[--size];
        entries[size] = null;
        if (i < size) {
            entries[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
        if (entries.length > 64 && size < entries.length / 4) {
            entries = Arrays.copyOf(entries, entries.length / 2);
        }
    }

    private void siftUp(int i) {
        PendingClose p = entries[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            PendingClose q = entries[parent];
            if (p.deadline - q.deadline >= 0) {
                break;
            }
            entries[i] = q;
            q.heapIndex = i;
            i = parent;
        }
        entries[i] = p;
        p.heapIndex = i;
    }

    private void siftDown(int i) {
        PendingClose p = entries[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && entries[right].deadline - entries[child].deadline < 0) {
                child = right;
            }
            PendingClose c = entries[child];
            if (p.deadline - c.deadline <= 0) {
                break;
            }
            entries[i] = c;
            c.heapIndex = i;
            i = child;
        }
        entries[i] = p;
        p.heapIndex = i;
    }
}
