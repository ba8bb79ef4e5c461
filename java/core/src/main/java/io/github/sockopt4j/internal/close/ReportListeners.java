package io.github.sockopt4j.internal.close;

import io.github.sockopt4j.close.CloseListener;
import io.github.sockopt4j.close.CloseReport;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CloseListener}s of this JVM. Copy-on-write: publishing, once per close, reads one
 * volatile array and allocates nothing; adding and removing are rare.
 */
public final class ReportListeners {
    private static final Logger LOG = LoggerFactory.getLogger(CloseListener.class);
    private static final CloseListener[] NONE = {};
    private static volatile CloseListener[] listeners = NONE;
    /** One warning per JVM: a failing listener would otherwise log at the rate of closes. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ReportListeners() {}

    /** See {@link CloseListener#add}. */
    public static CloseListener.Subscription add(CloseListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (ReportListeners.class) {
            CloseListener[] now = Arrays.copyOf(listeners, listeners.length + 1);
            now[now.length - 1] = listener;
            listeners = now;
        }
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (removed.compareAndSet(false, true)) {
                remove(listener);
            }
        };
    }

    private static synchronized void remove(CloseListener listener) {
        CloseListener[] now = listeners;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == listener) {
                CloseListener[] less = new CloseListener[now.length - 1];
                System.arraycopy(now, 0, less, 0, i);
                System.arraycopy(now, i + 1, less, i, now.length - i - 1);
                listeners = less;
                return;
            }
        }
    }

    /** Hands {@code report} to every listener; a failing one is logged once and never fails the close. */
    static void publish(String integration, CloseReport report) {
        for (CloseListener listener : listeners) {
            try {
                listener.closed(integration, report);
            } catch (RuntimeException e) {
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn("sockopt4j: the close listener {} failed (logged once; the close is not affected)",
                            listener, e);
                }
            }
        }
    }
}
