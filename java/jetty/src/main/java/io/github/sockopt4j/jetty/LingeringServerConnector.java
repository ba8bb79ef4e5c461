package io.github.sockopt4j.jetty;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.close.LingeringCloserStats;
import io.github.sockopt4j.close.OverflowPolicy;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.EventListener;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's {@link ServerConnector}, whose closes linger: every connection Jetty closes is handed to
 * a {@link LingeringCloser}, which shuts down our output after the response (FIN), reads and
 * discards what the client still sends, and closes at its EOF, an idle or total timeout or a byte
 * cap. Closing with the request body still arriving (an early 413, unconsumed content) would make
 * the kernel send RST and drop the response; see {@code docs/jetty.md}. Everything else is
 * Jetty's {@link ServerConnector}, unchanged.
 *
 * <p>Use it where a {@code ServerConnector} would be, plain or TLS:
 * <pre>{@code
 * server.addConnector(new LingeringServerConnector(server, new HttpConnectionFactory()));
 * }</pre>
 * The closer is the connector's own: started with it, closed after it stops (pending closes get
 * the closer's shutdown grace). Defaults: {@link DrainPolicy#DEFAULT}, at most
 * {@link LingeringCloserOptions#DEFAULT}'s 65,536 closes pending, an abortive close beyond
 * (counted). Where it cannot install (no native access, another OS) it logs one line saying why at
 * start and the connector is Jetty's own.
 */
public class LingeringServerConnector extends ServerConnector {
    private static final Logger LOG = LoggerFactory.getLogger(LingeringServerConnector.class);

    private volatile CloseMode closeMode = CloseMode.LINGER;
    private volatile DrainPolicy drainPolicy = DrainPolicy.DEFAULT;
    private volatile int maxPending = LingeringCloserOptions.DEFAULT.maxPending();
    private volatile OverflowPolicy overflow = OverflowPolicy.ABORT;
    /** The closer while running; null when lingering is off or could not install. */
    private volatile LingeringCloser closer;
    /** Whether Jetty's own closes are observed ({@link CloseMode#OBSERVE}, installed). */
    private volatile boolean observing;

    public LingeringServerConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
    }

    public LingeringServerConnector(Server server, SslContextFactory.Server ssl, ConnectionFactory... factories) {
        super(server, ssl, factories);
    }

    public LingeringServerConnector(Server server, int acceptors, int selectors, ConnectionFactory... factories) {
        super(server, acceptors, selectors, factories);
    }

    public LingeringServerConnector(Server server, Executor executor, Scheduler scheduler, ByteBufferPool buffers,
                                    int acceptors, int selectors, ConnectionFactory... factories) {
        super(server, executor, scheduler, buffers, acceptors, selectors, factories);
    }

    /**
     * A lingering connector configured as {@code template} (not started): the same server, executor,
     * scheduler, buffers, acceptors, selectors, connection factories, name, host, port, timeouts,
     * socket options and event listeners. For a server built by someone else (Spring Boot), whose
     * connector is then replaced by this one.
     */
    public static LingeringServerConnector copyOf(ServerConnector template) {
        LingeringServerConnector c = new LingeringServerConnector(template.getServer(), template.getExecutor(),
                template.getScheduler(), template.getByteBufferPool(), template.getAcceptors(),
                template.getSelectorManager().getSelectorCount(),
                template.getConnectionFactories().toArray(ConnectionFactory[]::new));
        c.setDefaultProtocol(template.getDefaultProtocol());
        c.setName(template.getName());
        c.setHost(template.getHost());
        c.setPort(template.getPort());
        c.setIdleTimeout(template.getIdleTimeout());
        c.setShutdownIdleTimeout(template.getShutdownIdleTimeout());
        c.setAcceptorPriorityDelta(template.getAcceptorPriorityDelta());
        c.setAcceptQueueSize(template.getAcceptQueueSize());
        c.setReuseAddress(template.getReuseAddress());
        c.setReusePort(template.isReusePort());
        c.setInheritChannel(template.isInheritChannel());
        c.setAcceptedTcpNoDelay(template.getAcceptedTcpNoDelay());
        c.setAcceptedReceiveBufferSize(template.getAcceptedReceiveBufferSize());
        c.setAcceptedSendBufferSize(template.getAcceptedSendBufferSize());
        for (EventListener listener : template.getBeans(EventListener.class)) {
            c.addEventListener(listener);
        }
        return c;
    }

    /**
     * {@link CloseMode#LINGER} (the default); {@link CloseMode#OBSERVE}: Jetty closes as it always
     * did, each close reported (FIN, or RST and what it lost); {@link CloseMode#OFF}: Jetty's own
     * closes, nothing installed. Set before start.
     */
    public void setCloseMode(CloseMode mode) {
        beforeStart("closeMode");
        closeMode = Objects.requireNonNull(mode, "closeMode");
    }

    public CloseMode getCloseMode() {
        return closeMode;
    }

    /** The drain's limits ({@link DrainPolicy#DEFAULT}: 2 s idle, 30 s in all, no byte cap). Set before start. */
    public void setDrainPolicy(DrainPolicy policy) {
        beforeStart("drainPolicy");
        drainPolicy = Objects.requireNonNull(policy, "drainPolicy");
    }

    public DrainPolicy getDrainPolicy() {
        return drainPolicy;
    }

    /** The most lingering closes at once (65,536); beyond, {@link #setOverflow}. Set before start. */
    public void setMaxPending(int closes) {
        beforeStart("maxPending");
        if (closes < 1 || closes > LingeringCloserOptions.MAX_PENDING) {
            throw new IllegalArgumentException("maxPending = " + closes + " is out of range: [1, "
                    + LingeringCloserOptions.MAX_PENDING + "]");
        }
        maxPending = closes;
    }

    public int getMaxPending() {
        return maxPending;
    }

    /** A close beyond {@code maxPending}: {@code ABORT} (RST now, the default) or {@code CLOSE_PLAIN} (Jetty's own close). */
    public void setOverflow(OverflowPolicy policy) {
        beforeStart("overflow");
        if (policy != OverflowPolicy.ABORT && policy != OverflowPolicy.CLOSE_PLAIN) {
            throw new IllegalArgumentException("overflow = " + policy + " is not one of: ABORT, CLOSE_PLAIN");
        }
        overflow = policy;
    }

    public OverflowPolicy getOverflow() {
        return overflow;
    }

    /** The closer's counters, or null when nothing lingers. */
    public LingeringCloserStats getLingeringStats() {
        LingeringCloser c = closer;
        return c == null ? null : c.stats();
    }

    /** Whether closes linger on this connector now (false before start, when off, or when it could not install). */
    public boolean isLingering() {
        return closer != null;
    }

    /** Whether Jetty's own closes are observed and reported now. */
    public boolean isObserving() {
        return observing;
    }

    private void beforeStart(String setting) {
        if (isStarted() || isStarting()) {
            throw new IllegalStateException(setting + " is set before the connector starts; it is " + getState());
        }
    }

    @Override
    protected void doStart() throws Exception {
        CloseMode mode = closeMode;
        String unavailable = mode != CloseMode.OFF ? NativeSocket.unavailableReason().orElse(null) : null;
        LingeringCloserOptions options = LingeringCloserOptions.DEFAULT.withPolicy(drainPolicy).withMaxPending(maxPending)
                .withOverflow(overflow).withThreadName("sockopt4j-jetty-closer").withIntegration("Jetty");
        closer = mode == CloseMode.LINGER && unavailable == null ? LingeringCloser.start(options) : null;
        observing = mode == CloseMode.OBSERVE && unavailable == null;
        try {
            super.doStart();
        } catch (Exception | Error e) {
            stopCloser();
            throw e;
        }
        if (mode == CloseMode.OFF) {
            LOG.info("sockopt4j: closeMode=off on [{}]: Jetty closes its connections itself", describe());
        } else if (unavailable != null) {
            LOG.warn("sockopt4j: not installed on [{}], Jetty closes its connections itself: {}", describe(), unavailable);
        } else if (observing) {
            LOG.info("sockopt4j: observing closes on [{}] (Jetty {}): Jetty closes its connections itself, each reported"
                    + " (FIN, or RST and what it lost)", describe(), Jetty.VERSION);
        } else {
            LOG.info("sockopt4j: lingering closes on [{}] (Jetty {}): idle {} ms, total {} ms, {}, at most {} pending,"
                    + " then {}", describe(), Jetty.VERSION, drainPolicy.idleTimeout().toMillis(),
                    drainPolicy.totalTimeout().toMillis(), drainPolicy.maxDrainBytes() == Long.MAX_VALUE ? "no byte cap"
                            : "at most " + drainPolicy.maxDrainBytes() + " bytes", maxPending, overflow);
        }
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop(); // closes every endpoint: the lingering ones go to the closer
        } finally {
            stopCloser();
        }
    }

    private void stopCloser() {
        observing = false;
        LingeringCloser c = closer;
        closer = null;
        if (c != null) {
            c.close(); // lets pending closes go on for the shutdown grace
        }
    }

    /** Jetty's endpoint while nothing lingers; sockopt4j's, with Jetty's idle timeout, otherwise. */
    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key)
            throws IOException {
        if (closer == null && !observing) {
            return super.newEndPoint(channel, selector, key);
        }
        LingeringEndPoint endPoint = new LingeringEndPoint(channel, selector, key, getScheduler(), this);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }

    /**
     * Hands a channel Jetty is closing to the closer: its key with Jetty's selector cancelled and
     * that selector woken, so the JDK deregisters it at once (the closer waits for that before it
     * starts). If the closer refuses (stopping) or is gone, the channel is closed as Jetty would have.
     */
    void handOver(SocketChannel channel, SelectionKey key) {
        if (key != null) {
            key.cancel();
            key.selector().wakeup();
        }
        LingeringCloser c = closer;
        if (c != null) {
            try {
                c.submit(channel);
                return;
            } catch (IOException | RuntimeException e) { // RejectedExecutionException: stopping
                LOG.debug("sockopt4j: closing {} without lingering: {}", channel, e.toString());
            }
        }
        IO.close(channel);
    }

    /** {@code http/1.1@127.0.0.1:8080}: the protocols, then where it listens. */
    private String describe() {
        return String.join(", ", getProtocols()) + "@" + (getHost() == null ? "0.0.0.0" : getHost()) + ":" + getLocalPort();
    }
}
