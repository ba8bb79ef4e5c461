package io.github.sockopt4j.close;

import java.util.concurrent.RejectedExecutionException;

/**
 * What {@link LingeringCloser#submit} does with a channel when {@link LingeringCloserOptions#maxPending()}
 * closes are already pending. Each choice is done at once, in the calling thread, without
 * blocking (unless the channel has a positive {@code SO_LINGER}, see {@link #CLOSE_PLAIN}).
 */
public enum OverflowPolicy {
    /**
     * {@link Close#abortive}: RST now, both queues dropped, no TIME_WAIT, no kernel memory left
     * behind. The returned future is already complete with that report (strategy
     * {@link CloseStrategy#ABORTIVE}). For a server under attack that must shed connections.
     */
    ABORT,
    /**
     * {@link Close#plain}: what {@code close()} would have done without the closer (RST if bytes
     * are unread, else FIN and the kernel goes on sending). The returned future is already
     * complete with that report (strategy {@link CloseStrategy#PLAIN}). The default.
     */
    CLOSE_PLAIN,
    /**
     * {@link RejectedExecutionException} from {@code submit}; the channel is untouched and still
     * the caller's to close.
     */
    REJECT
}
