package io.github.sockopt4j.close;

import io.github.sockopt4j.internal.close.ReportListeners;

import java.util.Objects;

/**
 * Receives the report of every close sockopt4j makes or observes, in this JVM: the {@link Close}
 * strategies, every {@link LingeringCloser}, the Netty handler, the server modules and the agent.
 * This is how a metrics binder (sockopt4j-micrometer) sees them.
 *
 * <p>Called on the thread that ended the close (a request thread, a closer's selector thread, an
 * event loop): keep it short and non-blocking. An exception it throws is logged once (WARN,
 * logger {@code io.github.sockopt4j.close.CloseListener}) and never changes the close.
 */
@FunctionalInterface
public interface CloseListener {
    /**
     * @param integration what closed it: {@code "Close"}, {@code "LingeringCloser"}, {@code "Netty"},
     *                    {@code "Tomcat"}, {@code "Jetty"}, {@code "Agent"}
     * @param report      the close's report
     */
    void closed(String integration, CloseReport report);

    /**
     * Starts delivering reports to {@code listener}, until the returned subscription is closed.
     * Adding the same listener twice delivers each report twice.
     */
    static Subscription add(CloseListener listener) {
        Runnable remove = ReportListeners.add(Objects.requireNonNull(listener, "listener")::closed);
        return remove::run;
    }

    /** A listener's registration: {@link #close()} stops the delivery (idempotent). */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
