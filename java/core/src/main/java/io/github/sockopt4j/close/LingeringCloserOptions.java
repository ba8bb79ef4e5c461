package io.github.sockopt4j.close;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LingeringCloser} works: when each drain ends, how many threads drain, how many
 * closes may be pending and what happens beyond, and how long {@link LingeringCloser#close()}
 * lets pending closes finish.
 *
 * <p><b>Defaults</b> ({@link #DEFAULT}): {@link DrainPolicy#DEFAULT} (2 s idle, 30 s in all, no
 * byte cap, 32 KiB per read); one thread (one thread drains tens of thousands of closes; see
 * docs/lingering-closer.md); 65,536 pending closes at most, then
 * {@link OverflowPolicy#CLOSE_PLAIN} (what {@code close()} would have done anyway); a 5 s grace
 * period on {@code close()}.
 *
 * @param policy        when each drain ends; its {@code bufferSize} is the most one discarding
 *                      read takes (the closer copies nothing: no buffer)
 * @param threads       selector threads, each with its own share of the closes; from 1 to
 *                      {@link #MAX_THREADS}
 * @param maxPending    the most closes submitted and not yet complete, over all threads; from 1
 *                      to {@link #MAX_PENDING}
 * @param overflow      what {@code submit} does beyond {@code maxPending}
 * @param shutdownGrace how long {@link LingeringCloser#close()} lets pending closes go on before
 *                      it ends them ({@link DrainEnd#SHUTDOWN}); from 0 to
 *                      {@link DrainPolicy#MAX_TIMEOUT}
 * @param threadName    the name of the thread, or the prefix ({@code name-1}, {@code name-2})
 *                      when there are several; not empty
 * @param integration   what its reports name as the closer ({@link CloseListener}, the JFR event,
 *                      the metrics): {@code "LingeringCloser"}, or the server module that runs it
 *                      ({@code "Tomcat"}, {@code "Jetty"}); not empty
 */
public record LingeringCloserOptions(DrainPolicy policy, int threads, int maxPending, OverflowPolicy overflow,
                                     Duration shutdownGrace, String threadName, String integration) {

    /** The most threads accepted: 64. */
    public static final int MAX_THREADS = 64;
    /** The highest {@code maxPending} accepted: 2^24, far above any fd limit. */
    public static final int MAX_PENDING = 1 << 24;
    /** See the class comment. */
    public static final LingeringCloserOptions DEFAULT = new LingeringCloserOptions(DrainPolicy.DEFAULT, 1, 65_536,
            OverflowPolicy.CLOSE_PLAIN, Duration.ofSeconds(5), "sockopt4j-lingering-closer", "LingeringCloser");

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the field and its range
     */
    public LingeringCloserOptions {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(integration, "integration");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("LingeringCloserOptions threads = " + threads
                    + " is out of range: [1, " + MAX_THREADS + "]");
        }
        if (maxPending < 1 || maxPending > MAX_PENDING) {
            throw new IllegalArgumentException("LingeringCloserOptions maxPending = " + maxPending
                    + " is out of range: [1, " + MAX_PENDING + "]");
        }
        if (shutdownGrace.isNegative() || shutdownGrace.compareTo(DrainPolicy.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("LingeringCloserOptions shutdownGrace = " + shutdownGrace
                    + " is out of range: [PT0S, DrainPolicy.MAX_TIMEOUT = " + DrainPolicy.MAX_TIMEOUT + "]");
        }
        if (threadName.isBlank()) {
            throw new IllegalArgumentException("LingeringCloserOptions threadName is blank; it must name the thread");
        }
        if (integration.isBlank()) {
            throw new IllegalArgumentException("LingeringCloserOptions integration is blank; it must name what closes");
        }
    }

    /** These options with another drain policy. */
    public LingeringCloserOptions withPolicy(DrainPolicy policy) {
        return new LingeringCloserOptions(policy, threads, maxPending, overflow, shutdownGrace, threadName, integration);
    }

    /** These options with another number of threads. */
    public LingeringCloserOptions withThreads(int threads) {
        return new LingeringCloserOptions(policy, threads, maxPending, overflow, shutdownGrace, threadName, integration);
    }

    /** These options with another limit of pending closes. */
    public LingeringCloserOptions withMaxPending(int maxPending) {
        return new LingeringCloserOptions(policy, threads, maxPending, overflow, shutdownGrace, threadName, integration);
    }

    /** These options with another overflow policy. */
    public LingeringCloserOptions withOverflow(OverflowPolicy overflow) {
        return new LingeringCloserOptions(policy, threads, maxPending, overflow, shutdownGrace, threadName, integration);
    }

    /** These options with another grace period for {@link LingeringCloser#close()}. */
    public LingeringCloserOptions withShutdownGrace(Duration shutdownGrace) {
        return new LingeringCloserOptions(policy, threads, maxPending, overflow, shutdownGrace, threadName, integration);
    }

    /** These options with another thread name. */
    public LingeringCloserOptions withThreadName(String threadName) {
        return new LingeringCloserOptions(policy, threads, maxPending, overflow, shutdownGrace, threadName, integration);
    }

    /** These options with another integration name for the reports. */
    public LingeringCloserOptions withIntegration(String integration) {
        return new LingeringCloserOptions(policy, threads, maxPending, overflow, shutdownGrace, threadName, integration);
    }
}
