package io.github.sockopt4j.internal;

import io.github.sockopt4j.close.CloseReport;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Hands a descriptor sockopt4j owns ({@link OwnedFd}) to a {@code LingeringCloser}, which drains
 * and closes it as it does a channel. Not API: the closer's method for it is private to its
 * package, reached from here (the door of the agent and the Tomcat module). The closer is an
 * {@code Object} here so that this package does not import the closer's, which installs the door.
 */
public final class OwnedFdHandOver {
    /** What {@code LingeringCloser} installs when its class initializes. */
    @FunctionalInterface
    public interface Submitter {
        CompletableFuture<CloseReport> submit(Object closer, OwnedFd fd) throws IOException;
    }

    private static volatile Submitter submitter;

    private OwnedFdHandOver() {}

    /** Called once, by {@code LingeringCloser}'s static initializer. */
    public static void install(Submitter s) {
        submitter = Objects.requireNonNull(s, "submitter");
    }

    /**
     * Takes {@code fd} over; from here on the closer owns it and completes the future with its
     * report. The closer's class is initialized (an instance exists), so the submitter is set.
     *
     * @throws java.util.concurrent.RejectedExecutionException the closer refused (closed, or
     *     {@code maxPending} with {@code REJECT}): {@code fd} is still the caller's to close
     */
    public static CompletableFuture<CloseReport> submit(Object closer, OwnedFd fd) throws IOException {
        Objects.requireNonNull(closer, "closer");
        return submitter.submit(closer, fd);
    }
}
