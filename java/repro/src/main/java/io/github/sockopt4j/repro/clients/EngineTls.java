package io.github.sockopt4j.repro.clients;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The server side of TLS with an {@link SSLEngine} over a blocking {@link SocketChannel}: the
 * handshake, reading the request, writing the response, and the two ways TLS ends (a fatal alert
 * after a failed handshake, {@code close_notify} after a response). Every record the engine
 * produces is written to the channel before a method returns, so a {@code Close} strategy called
 * next finds the alert or {@code close_notify} in the kernel's send queue.
 */
final class EngineTls {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Bounds the loops: more engine steps than any handshake or request here takes. */
    private static final int MAX_STEPS = 10_000;

    private final SocketChannel channel;
    private final InputStream in;
    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;

    /** Reads go through the channel's adaptor stream, which honours its {@code SO_TIMEOUT}. */
    EngineTls(SocketChannel channel, SSLContext context, boolean needClientAuth) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream();
        this.engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(needClientAuth);
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /**
     * Runs the handshake. When it fails, the engine's fatal alert is written before this returns.
     *
     * @return null once the handshake is done, or the failure (the alert already sent)
     */
    SSLException handshake() throws IOException {
        engine.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            try {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> wrap(EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap();
                    default -> {
                        return null;
                    }
                }
            } catch (SSLException failed) {
                // thrown by the call after the failing step (a delegated task's failure surfaces
                // on the next wrap or unwrap); the engine now holds the alert
                writeAlert();
                return failed;
            }
        }
        throw new IOException("TLS handshake did not end in " + MAX_STEPS + " steps");
    }

    /** Reads application data until {@code marker} was seen (the end of the request headers). */
    String readUntil(String marker, int maxBytes) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        for (int step = 0; step < MAX_STEPS && seen.size() < maxBytes; step++) {
            if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY); // a post-handshake message (TLS 1.3 session ticket)
                continue;
            }
            if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (unwrap().getStatus() == SSLEngineResult.Status.CLOSED) {
                break;
            }
            appIn.flip();
            seen.write(appIn.array(), appIn.position(), appIn.remaining());
            appIn.clear();
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            if (text.contains(marker)) {
                return text;
            }
        }
        throw new IOException("no " + marker.strip() + " in the first " + seen.size() + " bytes of the request");
    }

    /** Encrypts and writes all of {@code data}. */
    void write(byte[] data) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(data);
        for (int step = 0; step < MAX_STEPS && src.hasRemaining(); step++) {
            wrap(src);
        }
    }

    /** Ends our side of TLS: {@code close_notify}, written. */
    void closeNotify() throws IOException {
        engine.closeOutbound();
        writeAlert();
    }

    /** Writes what the engine still has to send after a failure or closeOutbound (the alert). */
    private void writeAlert() throws IOException {
        for (int step = 0; step < MAX_STEPS && !engine.isOutboundDone(); step++) {
            if (wrap(EMPTY).bytesProduced() == 0) {
                break;
            }
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws IOException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        netOut.flip();
        while (netOut.hasRemaining()) {
            channel.write(netOut);
        }
        return r;
    }

    /** One unwrap, reading from the socket first when the engine needs more bytes. */
    private SSLEngineResult unwrap() throws IOException {
        for (int step = 0; step < MAX_STEPS; step++) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                return r;
            }
            int n = in.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n < 0) {
                throw new EOFException("the client closed the connection in the middle of a TLS record");
            }
            netIn.position(netIn.position() + n);
        }
        throw new IOException("no TLS record in " + MAX_STEPS + " reads");
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }
}
