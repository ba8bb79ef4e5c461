package io.github.sockopt4j.micrometer;

import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.TcpCounters;
import io.github.sockopt4j.close.CloseListener;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.close.LingeringCloserStats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters of every close sockopt4j makes or observes in this JVM (the {@code Close}
 * strategies, every {@code LingeringCloser}, the Netty handlers, the Tomcat and Jetty modules, the
 * agent), fed by a {@link CloseListener}:
 * <ul>
 *   <li>{@code sockopt4j.closes} (counter): tags {@code integration}, {@code strategy}
 *       ({@code LINGERING_ASYNC}, {@code OBSERVED}, {@code ABORTIVE}, ...), {@code signal} ({@code FIN},
 *       {@code RST}, {@code NONE}, {@code UNKNOWN}) and {@code drain.end}.</li>
 *   <li>{@code sockopt4j.close.reset.unsent} (bytes): per close that sent RST, the response bytes
 *       still unsent then, which the RST dropped; {@code sockopt4j.close.reset.unread} the
 *       request bytes still unread. An RST also makes the client's kernel discard what it had
 *       received and not yet read: a response already sent can be lost too.</li>
 *   <li>{@code sockopt4j.close.drained} (bytes): what each lingering close read and discarded.</li>
 *   <li>{@code sockopt4j.close.duration} (timer): from the start of the close to the final
 *       {@code close(2)}; tags {@code integration}, {@code strategy}.</li>
 *   <li>{@code sockopt4j.closer.pending} (gauge) and {@code sockopt4j.closer.overflows} (function
 *       counter, tag {@code policy}): over the running {@code LingeringCloser}s.</li>
 *   <li>{@code sockopt4j.kernel.tcp.aborts} (function counter, tag {@code counter}): Linux's
 *       system-wide {@code TCPAbortOnClose}, {@code TCPAbortOnData}, {@code TCPAbortOnLinger},
 *       {@code TCPAbortOnTimeout}, {@code TCPAbortOnMemory} from {@code /proc/net/netstat}, every
 *       process's closes included.</li>
 * </ul>
 * Bind it like any binder ({@code new CloseMetrics().bindTo(registry)}); the Spring Boot starter
 * does so when Micrometer is on the class path. {@link #close()} stops listening.
 */
public final class CloseMetrics implements MeterBinder, AutoCloseable {
    /** The kernel's counters, by the tag value they get. */
    private static final Map<String, String> KERNEL_ABORTS = Map.of(
            "TCPAbortOnClose", TcpCounters.TCP_ABORT_ON_CLOSE,
            "TCPAbortOnData", TcpCounters.TCP_ABORT_ON_DATA,
            "TCPAbortOnLinger", TcpCounters.TCP_ABORT_ON_LINGER,
            "TCPAbortOnTimeout", TcpCounters.TCP_ABORT_ON_TIMEOUT,
            "TCPAbortOnMemory", TcpCounters.TCP_ABORT_ON_MEMORY);

    private static final int STRATEGIES = CloseStrategy.values().length;
    private static final int SIGNALS = FinalSignal.values().length;
    private static final int ENDS = DrainEnd.values().length;

    private final Tags tags;
    private final List<Bound> bound = new CopyOnWriteArrayList<>();

    /** The meters with no extra tags. */
    public CloseMetrics() {
        this(Tags.empty());
    }

    /** The meters with {@code tags} added to each. */
    public CloseMetrics(Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sockopt4j.closer.pending", () -> sumOverClosers(LingeringCloserStats::pending))
                .description("Lingering closes submitted and not yet complete, over the running LingeringClosers")
                .tags(tags).register(registry);
        overflows(registry, "abort", LingeringCloserStats::overflowAborted);
        overflows(registry, "close_plain", LingeringCloserStats::overflowPlain);
        KERNEL_ABORTS.forEach((tag, name) -> FunctionCounter.builder("sockopt4j.kernel.tcp.aborts", name,
                        CloseMetrics::kernelCounter)
                .description("Linux's system-wide count of connections aborted (RST), by cause: /proc/net/netstat")
                .tags(tags).tag("counter", tag).register(registry));
        Bound b = new Bound(registry, tags);
        b.subscription = CloseListener.add(b::record);
        bound.add(b);
    }

    /** Stops counting closes (the meters stay in their registries). */
    @Override
    public void close() {
        for (Bound b : bound) {
            b.subscription.close();
        }
        bound.clear();
    }

    private void overflows(MeterRegistry registry, String policy, ToLongFunction<LingeringCloserStats> count) {
        FunctionCounter.builder("sockopt4j.closer.overflows", this, m -> sumOverClosers(count))
                .description("Closes beyond a LingeringCloser's maxPending, closed at once by its overflow policy,"
                        + " over the running closers")
                .tags(tags).tag("policy", policy).register(registry);
    }

    private static double sumOverClosers(ToLongFunction<LingeringCloserStats> count) {
        long sum = 0;
        for (LingeringCloser closer : LingeringCloser.running()) {
            sum += count.applyAsLong(closer.stats());
        }
        return sum;
    }

    private static double kernelCounter(String name) {
        try {
            OptionalLong value = TcpCounters.snapshot().find(name);
            return value.isPresent() ? value.getAsLong() : Double.NaN; // NaN: this kernel has no such counter
        } catch (IOException | RuntimeException unreadable) {
            return Double.NaN; // another OS, or /proc not mounted: Micrometer leaves it out
        }
    }

    /** The meters of one registry, and the listener that feeds them. */
    private static final class Bound {
        private final MeterRegistry registry;
        private final Tags tags;
        /** Per integration, what its closes feed: looked up once per close, nothing allocated. */
        private final Map<String, Meters> byIntegration = new ConcurrentHashMap<>();
        private CloseListener.Subscription subscription;

        Bound(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
        }

        void record(String integration, CloseReport report) {
            Meters m = byIntegration.computeIfAbsent(integration, Meters::new);
            m.closes(report).increment();
            m.duration(report.strategy()).record(report.elapsed());
            if (report.bytesDrained() > 0) {
                m.drained.record(report.bytesDrained());
            }
            if (report.finalSignal() == FinalSignal.RST) {
                SocketQueues atClose = report.atClose().orElse(null);
                if (atClose != null) {
                    m.resetUnsent.record(atClose.unsent());
                    m.resetUnread.record(atClose.unread());
                }
            }
        }

        /** One integration's meters; the counters and timers registered at their first use. */
        private final class Meters {
            private final String integration;
            private final Counter[] closes = new Counter[STRATEGIES * SIGNALS * ENDS];
            private final Timer[] durations = new Timer[STRATEGIES];
            private final DistributionSummary drained;
            private final DistributionSummary resetUnsent;
            private final DistributionSummary resetUnread;

            Meters(String integration) {
                this.integration = integration;
                drained = summary("sockopt4j.close.drained", integration,
                        "Bytes a lingering close read and discarded before its final close");
                resetUnsent = summary("sockopt4j.close.reset.unsent", integration,
                        "Response bytes still unsent when a close sent RST: the RST dropped them");
                resetUnread = summary("sockopt4j.close.reset.unread", integration,
                        "Request bytes still unread when a close sent RST: why the kernel sent it");
            }

            Counter closes(CloseReport r) {
                int i = (r.strategy().ordinal() * SIGNALS + r.finalSignal().ordinal()) * ENDS + r.drainEnd().ordinal();
                Counter c = closes[i];
                if (c == null) { // a race registers the same counter twice: Micrometer returns the one it has
                    c = Counter.builder("sockopt4j.closes")
                            .description("TCP closes sockopt4j made or observed, by what sent them and how they ended")
                            .tags(tags).tag("integration", integration).tag("strategy", r.strategy().name())
                            .tag("signal", r.finalSignal().name()).tag("drain.end", r.drainEnd().name())
                            .register(registry);
                    closes[i] = c;
                }
                return c;
            }

            Timer duration(CloseStrategy strategy) {
                Timer t = durations[strategy.ordinal()];
                if (t == null) {
                    t = Timer.builder("sockopt4j.close.duration").description("From the start of a close to the final close(2)")
                            .tags(tags).tag("integration", integration).tag("strategy", strategy.name()).register(registry);
                    durations[strategy.ordinal()] = t;
                }
                return t;
            }
        }

        private DistributionSummary summary(String name, String integration, String description) {
            return DistributionSummary.builder(name).baseUnit("bytes").description(description).tags(tags)
                    .tag("integration", integration)
                    .register(registry);
        }
    }
}
