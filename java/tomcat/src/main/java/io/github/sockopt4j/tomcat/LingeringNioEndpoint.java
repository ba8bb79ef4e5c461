package io.github.sockopt4j.tomcat;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.close.LingeringCloserStats;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.OwnedFd;
import io.github.sockopt4j.internal.OwnedFdHandOver;
import io.github.sockopt4j.internal.close.CloseEngine;
import io.github.sockopt4j.internal.close.ObservedClose;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.apache.catalina.util.ServerInfo;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.ExceptionUtils;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * Tomcat's {@link NioEndpoint} whose channels, when Tomcat closes them, hand a duplicate of their
 * socket's fd to a {@link LingeringCloser} before Tomcat's own close releases theirs (see
 * {@code handOver}); or, in observe mode, report Tomcat's close. The closer is this endpoint's own:
 * started with it, closed after it stops (pending closes get the closer's shutdown grace).
 *
 * <p>Where it hooks in: Tomcat 11 creates its channels in {@code createChannel}, overridden here;
 * Tomcat 10.1 creates them inside {@code setSocketOptions}, which this class then replaces with
 * the same steps (pooled channel or a new one, the socket wrapper, non-blocking, the socket
 * properties, the timeouts, the poller), the new channel being sockopt4j's.
 */
public class LingeringNioEndpoint extends NioEndpoint {
    private static final Log LOG = LogFactory.getLog(LingeringNioEndpoint.class);

    private final LingeringSettings settings = new LingeringSettings();
    /** The closer while running; null when lingering is off or could not install. */
    private volatile LingeringCloser closer;
    /** Whether Tomcat's own closes are observed ({@code lingeringMode=observe}, installed). */
    private volatile boolean observing;
    /** How this Tomcat creates its channels, or null when sockopt4j does not know it. */
    private volatile ChannelHook hook;

    LingeringSettings settings() {
        return settings;
    }

    /** The closer's counters, or null when nothing lingers. */
    public LingeringCloserStats stats() {
        LingeringCloser c = closer;
        return c == null ? null : c.stats();
    }

    /** Whether closes linger on this endpoint now (false before start, when off, or when it could not install). */
    public boolean isLingering() {
        return closer != null;
    }

    /** Whether Tomcat's own closes are observed and reported now ({@code lingeringMode=observe}, installed). */
    public boolean isObserving() {
        return observing;
    }

    @Override
    public void startInternal() throws Exception {
        closer = install();
        super.startInternal();
    }

    @Override
    public void stopInternal() {
        try {
            super.stopInternal(); // closes every connection: the lingering ones go to the closer
        } finally {
            observing = false;
            LingeringCloser c = closer;
            closer = null;
            if (c != null) {
                c.close(); // lets pending closes go on for the shutdown grace
            }
        }
    }

    /**
     * The closer, or null: in observe mode (then {@link #observing} is set), or with one log line
     * saying why nothing lingers.
     */
    private LingeringCloser install() throws IOException {
        if (settings.mode() == CloseMode.OFF) {
            LOG.info("sockopt4j: lingeringMode=off on [" + getName() + "]: Tomcat closes its connections itself");
            return null;
        }
        String unavailable = NativeSocket.unavailableReason().orElse(null);
        if (unavailable != null) {
            LOG.warn("sockopt4j: not installed on [" + getName() + "], Tomcat closes its connections itself: "
                    + unavailable);
            return null;
        }
        hook = ChannelHook.of(NioEndpoint.class);
        if (hook == null) {
            LOG.warn("sockopt4j: not installed on [" + getName() + "]: " + ServerInfo.getServerInfo() + "'s NioEndpoint"
                    + " has neither createChannel (Tomcat 11) nor the setSocketOptions steps of Tomcat 10.1; Tomcat"
                    + " closes its connections itself");
            return null;
        }
        if (settings.mode() == CloseMode.OBSERVE) {
            observing = true;
            LOG.info("sockopt4j: observing closes on [" + getName() + "] (" + ServerInfo.getServerInfo() + ", " + hook
                    + "): Tomcat closes its connections itself, each reported (FIN, or RST and what it lost)");
            return null;
        }
        LingeringCloserOptions options = settings.closerOptions(getMaxConnections(), getName() + "-Closer");
        LingeringCloser started = LingeringCloser.start(options);
        LOG.info("sockopt4j: lingering closes on [" + getName() + "] (" + ServerInfo.getServerInfo() + ", " + hook
                + "): " + settings + ", at most " + options.maxPending() + " pending, then " + options.overflow());
        return started;
    }

    /** Whether this endpoint's channels are sockopt4j's: lingering or observed. */
    private boolean installed() {
        return closer != null || observing;
    }

    @Override
    protected NioChannel createChannel(SocketBufferHandler buffer) {
        if (!installed()) {
            return super.createChannel(buffer);
        }
        return newChannel(buffer);
    }

    private NioChannel newChannel(SocketBufferHandler buffer) {
        return isSSLEnabled() ? new LingeringSecureNioChannel(buffer, this) : new LingeringNioChannel(buffer, this);
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        if (!installed() || hook != ChannelHook.SET_SOCKET_OPTIONS) {
            return super.setSocketOptions(socket);
        }
        return setSocketOptionsAsTomcat101(socket);
    }

    /**
     * Tomcat 10.1's {@code setSocketOptions}, step by step, with one difference: a new channel is
     * sockopt4j's. Every member it uses is public or protected in 10.1 and 11.0;
     * {@link ChannelHook} checks they are there before this runs.
     *
     * @return whether the socket was configured and registered (false: Tomcat closes it)
     */
    private boolean setSocketOptionsAsTomcat101(SocketChannel socket) {
        NioSocketWrapper socketWrapper = null;
        try {
            NioChannel channel = null;
            SynchronizedStack<NioChannel> pool = getNioChannels();
            if (pool != null) {
                channel = pool.pop();
            }
            if (channel == null) {
                channel = newChannel(new SocketBufferHandler(socketProperties.getAppReadBufSize(),
                        socketProperties.getAppWriteBufSize(), socketProperties.getDirectBuffer()));
            }
            NioSocketWrapper newWrapper = new NioSocketWrapper(channel, this);
            channel.reset(socket, newWrapper);
            connections.put(socket, newWrapper);
            socketWrapper = newWrapper;

            socket.configureBlocking(false);
            if (getUnixDomainSocketPath() == null) {
                socketProperties.setProperties(socket.socket());
            }
            socketWrapper.setReadTimeout(getConnectionTimeout());
            socketWrapper.setWriteTimeout(getConnectionTimeout());
            socketWrapper.setKeepAliveLeft(getMaxKeepAliveRequests());
            getPoller().register(socketWrapper);
            return true;
        } catch (Throwable t) {
            ExceptionUtils.handleThrowable(t);
            try {
                LOG.error("sockopt4j: setting the socket options of " + socket + " failed", t);
            } catch (Throwable tt) {
                ExceptionUtils.handleThrowable(tt);
            }
            if (socketWrapper == null) {
                destroySocket(socket);
            }
        }
        return false;
    }

    /**
     * Where Tomcat closes a channel: its fd is duplicated first ({@code F_DUPFD_CLOEXEC}, under the
     * JDK's lock), then Tomcat's own close runs as always (the JDK shuts the output of a channel its
     * poller holds, a FIN after the response, and releases its fd when the poller next selects), and
     * the duplicate, where the connection lives on, goes to the closer: drained and closed there
     * without waiting for the poller. If the duplicate cannot be made (no fd left) or the closer
     * refuses it (stopping, or {@code REJECT}), the close is Tomcat's alone. In observe mode,
     * Tomcat's close ({@code NioChannel.close()} is {@code sc.close()}), reported.
     */
    void handOver(SocketChannel channel) throws IOException {
        if (observing) {
            ObservedClose.close("Tomcat", channel, channel::close);
            return;
        }
        LingeringCloser c = closer;
        OwnedFd duplicate = null;
        if (c != null) {
            try {
                duplicate = OwnedFd.duplicate(FdSocket.of(channel),
                        CloseEngine.recorded() ? channel.socket().getRemoteSocketAddress() : null);
            } catch (IOException | RuntimeException e) { // EMFILE, or closed meanwhile
                if (LOG.isDebugEnabled()) {
                    LOG.debug("sockopt4j: closing " + channel + " without lingering: " + e);
                }
            }
        }
        try {
            channel.close();
        } finally {
            if (duplicate != null) {
                submit(c, duplicate);
            }
        }
    }

    private static void submit(LingeringCloser closer, OwnedFd duplicate) {
        try {
            OwnedFdHandOver.submit(closer, duplicate);
        } catch (IOException | RuntimeException e) { // RejectedExecutionException: stopping, or REJECT
            if (LOG.isDebugEnabled()) {
                LOG.debug("sockopt4j: " + duplicate + " not lingering: " + e);
            }
            try {
                duplicate.close(); // the last descriptor: the close Tomcat made, a moment later
            } catch (IOException suppressed) {
                LOG.debug("sockopt4j: closing " + duplicate + " failed: " + suppressed);
            }
        }
    }
}
