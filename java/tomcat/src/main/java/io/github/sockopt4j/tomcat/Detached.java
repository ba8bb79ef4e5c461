package io.github.sockopt4j.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;

/**
 * What a channel holds once its socket is handed to the closer: a closed {@code SocketChannel},
 * so that Tomcat, which resets and pools its channels after closing them, finds it closed
 * ({@code isOpen()} false, reads and writes {@code ClosedChannelException}) and never reaches the
 * socket that is still lingering.
 */
final class Detached {
    static final SocketChannel CHANNEL = closedChannel();

    private Detached() {}

    private static SocketChannel closedChannel() {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.close();
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
