package io.github.sockopt4j.internal;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.SocketQueues;

/**
 * The first look of a close ({@link QueueLook}): the queues, and {@code SO_LINGER} when it was
 * read (null when it was not asked for, or nothing depends on it).
 */
public record CloseLook(SocketQueues queues, Linger linger) {}
