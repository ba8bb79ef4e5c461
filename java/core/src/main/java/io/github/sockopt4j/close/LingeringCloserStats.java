package io.github.sockopt4j.close;

import java.util.Map;

/**
 * A snapshot of a {@link LingeringCloser}'s counters since it started.
 *
 * @param pending         closes submitted and not yet complete
 * @param completed       lingering closes completed with a report, by how their drain ended
 * @param overflowAborted submissions beyond {@code maxPending} closed by {@link OverflowPolicy#ABORT}
 * @param overflowPlain   submissions beyond {@code maxPending} closed by {@link OverflowPolicy#CLOSE_PLAIN}
 * @param rejected        submissions refused with an exception ({@link OverflowPolicy#REJECT}, or
 *                        after {@code close()})
 * @param failed          futures completed exceptionally (the channel was closed by someone else
 *                        before the closer started, or the first look at its queues failed)
 * @param bytesDrained    bytes read and discarded by completed closes
 */
public record LingeringCloserStats(int pending, Map<DrainEnd, Long> completed, long overflowAborted,
                                   long overflowPlain, long rejected, long failed, long bytesDrained) {

    public LingeringCloserStats {
        completed = Map.copyOf(completed);
    }

    /** Completed lingering closes whose drain ended as {@code end}. */
    public long completed(DrainEnd end) {
        return completed.getOrDefault(end, 0L);
    }

    /** All completed lingering closes. */
    public long completedTotal() {
        return completed.values().stream().mapToLong(Long::longValue).sum();
    }
}
