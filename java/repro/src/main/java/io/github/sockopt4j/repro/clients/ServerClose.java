package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.LingeringCloser;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How the server closes the connection once it has written its response or alert. */
public enum ServerClose {
    JDK_CLOSE("jdk-close", "JDK close()"),
    PLAIN("plain", "Close.plain"),
    LINGERING("lingering", "Close.lingering"),
    CLOSER("closer", "LingeringCloser");

    private final String id;
    private final String label;

    ServerClose(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** Whether this strategy promises that no RST destroys what was written. */
    public boolean promisesDelivery() {
        return this == LINGERING || this == CLOSER;
    }

    /** Closes {@code channel} and says how; for the closer, waits for its report (bounded). */
    String close(SocketChannel channel, LingeringCloser closer) throws IOException {
        switch (this) {
            case JDK_CLOSE:
                channel.close();
                return "closed";
            case PLAIN:
                return Close.plain(channel).toString();
            case LINGERING:
                return Close.lingering(channel).toString();
            default:
                try {
                    return closer.submit(channel).get(60, TimeUnit.SECONDS).toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the closer closed " + channel);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("the closer did not report on " + channel, e);
                }
        }
    }

    /**
     * Closes a {@code Socket}: the plain one under a layered {@code SSLSocket}, or an accepted
     * {@code SSLSocket} (whose own {@code close()} and {@code shutdownOutput()} send
     * {@code close_notify}).
     */
    String close(Socket socket) throws IOException {
        switch (this) {
            case JDK_CLOSE:
                socket.close();
                return "closed";
            case PLAIN:
                return Close.plain(socket).toString();
            case LINGERING:
                return Close.lingering(socket).toString();
            default:
                throw new IllegalArgumentException("a LingeringCloser takes SocketChannels, not " + socket);
        }
    }

    public static Optional<ServerClose> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
