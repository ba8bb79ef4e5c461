package io.github.sockopt4j.tomcat;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * A TLS connection's channel: Tomcat's own TLS close (the {@code close_notify} written to the
 * socket), then, where Tomcat would close the socket, the hand-over to the endpoint's closer. So
 * the {@code close_notify} leaves before our FIN, and the drain counts TCP bytes (TLS records).
 */
final class LingeringSecureNioChannel extends SecureNioChannel {
    private final LingeringNioEndpoint endpoint;

    LingeringSecureNioChannel(SocketBufferHandler buffers, LingeringNioEndpoint endpoint) {
        super(buffers, endpoint);
        this.endpoint = endpoint;
    }

    /** {@link SecureNioChannel#close(boolean)}, with the hand-over where it closes the socket. */
    @Override
    public void close(boolean force) throws IOException {
        try {
            close();
        } finally {
            if (force || closed) {
                closed = true;
                SocketChannel socket = sc;
                if (socket != Detached.CHANNEL) {
                    sc = Detached.CHANNEL;
                    endpoint.handOver(socket);
                }
            }
        }
    }
}
