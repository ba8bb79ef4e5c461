package io.github.sockopt4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A connected pair of blocking channels on 127.0.0.1, closed together. */
final class ChannelPair implements AutoCloseable {
    final ServerSocketChannel server;
    final SocketChannel client;
    final SocketChannel accepted;

    private ChannelPair(ServerSocketChannel server, SocketChannel client, SocketChannel accepted) {
        this.server = server;
        this.client = client;
        this.accepted = accepted;
    }

    static ChannelPair open() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        return new ChannelPair(server, client, server.accept());
    }

    @Override
    public void close() throws IOException {
        try (server; client; accepted) {
            // closes all three, keeping the first failure
        }
    }
}
