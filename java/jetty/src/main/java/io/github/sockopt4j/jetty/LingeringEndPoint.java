package io.github.sockopt4j.jetty;

import io.github.sockopt4j.internal.close.ObservedClose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty's {@link SocketChannelEndPoint} whose close hands the socket to the connector's closer
 * instead of closing it.
 *
 * <p>Jetty closes an endpoint once, through {@code AbstractEndPoint}'s state machine: {@code doClose()}
 * then {@code onClose(cause)}. {@code SelectableChannelEndPoint.doClose()} only closes the channel
 * (its parent's {@code doClose()} is empty), so this class replaces just that step; {@code onClose}
 * is Jetty's, untouched: it fails pending reads and writes, cancels the idle timeout and has the
 * {@code ManagedSelector} destroy the endpoint (the connection's and the connector's accounting).
 * {@code doShutdownOutput} is Jetty's too: after a non-persistent response Jetty sends its FIN
 * itself, and the closer's own shutdown is then a no-op.
 */
class LingeringEndPoint extends SocketChannelEndPoint {
    private final LingeringServerConnector connector;
    /** The key with Jetty's selector, kept up to date when Jetty rebuilds its selector. */
    private volatile SelectionKey key;
    private volatile boolean handedOver;

    LingeringEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler,
                      LingeringServerConnector connector) {
        super(channel, selector, key, scheduler);
        this.key = key;
        this.connector = connector;
    }

    @Override
    public void replaceKey(SelectionKey newKey) {
        key = newKey;
        super.replaceKey(newKey);
    }

    /**
     * Instead of closing the channel: the hand-over (key cancelled, selector woken, closer
     * submitted); in observe mode, Jetty's own close, reported.
     */
    @Override
    public void doClose() {
        if (connector.isObserving()) {
            try {
                ObservedClose.close("Jetty", getChannel(), super::doClose);
            } catch (IOException unreachable) { // Jetty's doClose() throws none
                throw new UncheckedIOException(unreachable);
            }
            return;
        }
        handedOver = true;
        connector.handOver(getChannel(), key);
    }

    /** Closed for Jetty once handed over, though the closer still drains the socket. */
    @Override
    public boolean isOpen() {
        return !handedOver && super.isOpen();
    }

    /** Jetty never writes to a socket the closer owns (reads already end: the endpoint is closed). */
    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        if (handedOver) {
            throw new EofException("closed: handed over to sockopt4j's lingering closer");
        }
        return super.flush(buffers);
    }
}
