package io.github.sockopt4j.tomcat;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;

/** A plain connection's channel: its close hands the socket to the endpoint's closer. */
final class LingeringNioChannel extends NioChannel {
    private final LingeringNioEndpoint endpoint;

    LingeringNioChannel(SocketBufferHandler buffers, LingeringNioEndpoint endpoint) {
        super(buffers);
        this.endpoint = endpoint;
    }

    /** Detaches the socket (Tomcat will reset and pool this channel), then hands it over. */
    @Override
    public void close() throws IOException {
        SocketChannel socket = sc;
        if (socket == Detached.CHANNEL) {
            return;
        }
        sc = Detached.CHANNEL;
        endpoint.handOver(socket);
    }
}
