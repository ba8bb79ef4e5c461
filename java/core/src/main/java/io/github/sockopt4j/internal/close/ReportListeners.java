package io.github.sockopt4j.internal.close;

import io.github.sockopt4j.close.CloseReport;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code CloseListener}s of this JVM, as the functions they are (so that this class does not
 * import the API that registers here). Copy-on-write: publishing, once per close, reads one
 * volatile array and allocates nothing; adding and removing are rare.
 */
public final class ReportListeners {
    private static final Logger LOG = LoggerFactory.getLogger("io.github.sockopt4j.close.CloseListener");
    @SuppressWarnings("unchecked")
    private static final BiConsumer<String, CloseReport>[] NONE = new BiConsumer[0];
    private static volatile BiConsumer<String, CloseReport>[] listeners = NONE;
    /** One warning per JVM: a failing listener would otherwise log at the rate of closes. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ReportListeners() {}

    /** See {@code CloseListener.add}: {@code listener} hears every report until the returned action runs. */
    public static Runnable add(BiConsumer<String, CloseReport> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (ReportListeners.class) {
            BiConsumer<String, CloseReport>[] now = Arrays.copyOf(listeners, listeners.length + 1);
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

    private static synchronized void remove(BiConsumer<String, CloseReport> listener) {
        BiConsumer<String, CloseReport>[] now = listeners;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == listener) {
                @SuppressWarnings("unchecked")
                BiConsumer<String, CloseReport>[] less = new BiConsumer[now.length - 1];
                System.arraycopy(now, 0, less, 0, i);
                System.arraycopy(now, i + 1, less, i, now.length - i - 1);
                listeners = less;
                return;
            }
        }
    }

    /** Hands {@code report} to every listener; a failing one is logged once and never fails the close. */
    static void publish(String integration, CloseReport report) {
        for (BiConsumer<String, CloseReport> listener : listeners) {
            try {
                listener.accept(integration, report);
            } catch (RuntimeException e) {
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn("sockopt4j: the close listener {} failed (logged once; the close is not affected)",
                            listener, e);
                }
            }
        }
    }
}
