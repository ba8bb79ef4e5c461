package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.testkit.SelfSignedTls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The JDK server of one trial: accepts one connection on 127.0.0.1, does what its
 * {@link ClientScenario} says, and closes with the chosen {@link ServerClose}.
 */
final class TrialServer implements AutoCloseable {
    static final String HEADERS_END = "\r\n\r\n";
    private static final String BODY_413 = "the upload limit is 1 KiB";
    static final byte[] RESPONSE_413 = ("HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain\r\nContent-Length: "
            + BODY_413.length() + "\r\nConnection: close\r\n\r\n" + BODY_413).getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADERS = 16 * 1024;
    private static final int TIMEOUT_MILLIS = 20_000;

    private final ServerSocketChannel channels;
    private final ServerSocket sockets;
    private final SSLServerSocket tlsSockets;

    TrialServer() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        channels = ServerSocketChannel.open().bind(loopback);
        channels.socket().setSoTimeout(TIMEOUT_MILLIS);
        sockets = new ServerSocket();
        sockets.bind(loopback);
        sockets.setSoTimeout(TIMEOUT_MILLIS);
        tlsSockets = (SSLServerSocket) SelfSignedTls.get().serverContext().getServerSocketFactory().createServerSocket();
        tlsSockets.bind(loopback);
        tlsSockets.setSoTimeout(TIMEOUT_MILLIS);
    }

    /** The port a client of {@code kind} connects to. */
    int port(TlsServerKind kind) {
        switch (kind) {
            case LAYERED_SSL_SOCKET:
                return sockets.getLocalPort();
            case ACCEPTED_SSL_SOCKET:
                return tlsSockets.getLocalPort();
            default:
                return channels.socket().getLocalPort();
        }
    }

    /** Serves one connection; returns what the server did, for the trial's record. */
    String serve(ClientScenario scenario, ServerClose close, TlsServerKind kind, LingeringCloser closer)
            throws IOException {
        if (scenario.tls() && kind == TlsServerKind.LAYERED_SSL_SOCKET) {
            return serveLayered(scenario, close, sockets.accept());
        }
        if (scenario.tls() && kind == TlsServerKind.ACCEPTED_SSL_SOCKET) {
            return serveAccepted(scenario, close, (SSLSocket) tlsSockets.accept());
        }
        SocketChannel channel = channels.socket().accept().getChannel();
        try {
            channel.socket().setSoTimeout(TIMEOUT_MILLIS);
            String did = scenario.tls() ? engine(scenario, channel) : http(channel);
            return did + "; " + close.close(channel, closer);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String http(SocketChannel channel) throws IOException {
        readHeaders(channel.socket().getInputStream());
        ByteBuffer response = ByteBuffer.wrap(RESPONSE_413);
        while (response.hasRemaining()) {
            channel.write(response);
        }
        return "413 written";
    }

    private static String engine(ClientScenario scenario, SocketChannel channel) throws IOException {
        SSLContext context = SelfSignedTls.get().serverContext();
        EngineTls tls = new EngineTls(channel, context, scenario.requiresClientCertificate());
        SSLException failed = tls.handshake();
        if (failed != null) {
            return "handshake failed (" + failed.getMessage() + "), alert written";
        }
        if (scenario.requiresClientCertificate()) {
            throw new IOException("the handshake succeeded without a client certificate");
        }
        tls.readUntil(HEADERS_END, MAX_HEADERS);
        tls.write(RESPONSE_413);
        tls.closeNotify();
        return "413 and close_notify written";
    }

    /**
     * The {@code SSLSocket} recipe: layer over the plain socket with {@code autoClose = false},
     * so that JSSE's own close (on a failed handshake, or its {@code close()}) leaves the TCP
     * connection to us; then close the plain socket with {@code close}.
     */
    private static String serveLayered(ClientScenario scenario, ServerClose close, Socket plain) throws IOException {
        String did;
        try {
            plain.setSoTimeout(TIMEOUT_MILLIS);
            SSLSocket tls = (SSLSocket) SelfSignedTls.get().serverContext().getSocketFactory()
                    .createSocket(plain, null, plain.getPort(), false);
            tls.setUseClientMode(false);
            tls.setNeedClientAuth(scenario.requiresClientCertificate());
            try {
                tls.startHandshake();
                readHeaders(tls.getInputStream());
                tls.getOutputStream().write(RESPONSE_413);
                tls.getOutputStream().flush();
                tls.shutdownOutput(); // close_notify; the plain socket is left open (autoClose = false)
                did = "413 and close_notify written";
            } catch (SSLException failed) {
                did = "handshake failed (" + failed.getMessage() + "), alert written by JSSE";
            }
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        return did + "; " + close.close(plain);
    }

    /**
     * An {@code SSLSocket} from an {@code SSLServerSocket}. After a response the close strategy
     * acts on it (its {@code shutdownOutput()} or {@code close()} sends {@code close_notify});
     * after a failed handshake JSSE has already closed it, so no strategy can act.
     */
    private static String serveAccepted(ClientScenario scenario, ServerClose close, SSLSocket tls) throws IOException {
        try {
            tls.setSoTimeout(TIMEOUT_MILLIS);
            tls.setNeedClientAuth(scenario.requiresClientCertificate());
            try {
                tls.startHandshake();
            } catch (SSLException failed) {
                String did = "handshake failed (" + failed.getMessage() + "), alert written by JSSE";
                return tls.isClosed() ? did + ", which had closed the socket itself" : did + "; " + close.close(tls);
            }
            readHeaders(tls.getInputStream());
            tls.getOutputStream().write(RESPONSE_413);
            tls.getOutputStream().flush();
        } catch (IOException | RuntimeException e) {
            tls.close();
            throw e;
        }
        return "413 written; " + close.close(tls);
    }

    /** Reads up to the end of the request headers (a few body bytes may come with them). */
    private static void readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (seen.size() < MAX_HEADERS) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the client closed before the end of its headers");
            }
            seen.write(buffer, 0, n);
            if (seen.toString(StandardCharsets.ISO_8859_1).contains(HEADERS_END)) {
                return;
            }
        }
        throw new IOException("no end of headers in the first " + MAX_HEADERS + " bytes");
    }

    @Override
    public void close() throws IOException {
        try (ServerSocketChannel a = channels; ServerSocket b = sockets; ServerSocket c = tlsSockets) {
            // both closed
        }
    }
}
