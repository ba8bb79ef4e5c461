package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.SelfSignedTls;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code SSLSocket}s: a layered one (over a plain {@code Socket}) has no fd of its own, and its
 * {@code SocketImpl} would create a new, unconnected one if asked; an accepted one has its own fd
 * and its drain must count TCP bytes, as the queues do.
 */
class SslSocketTest {
    private static final int UNREAD = 100;
    private static final int CALLS = 100;

    @Test
    void aLayeredSslSocketIsRefusedAndNoFdIsCreated() throws Exception {
        Fds.warmUp();
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.SOCKET)) {
            p.y.getOutputStream().write(new byte[UNREAD]);
            NativeSocket plain = NativeSocket.of(p.x);
            Await.until(UNREAD + " bytes queued at X", Duration.ofSeconds(5), () -> plain.unreadBytes() == UNREAD);
            SSLSocket layered = layer(p, false);
            long fdsBefore = Fds.count();
            for (int i = 0; i < CALLS; i++) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeSocket.of(layered));
                assertTrue(e.getMessage().contains("SSLSocket") && e.getMessage().contains("autoClose = false"),
                        e.getMessage());
            }
            assertEquals(fdsBefore, Fds.count(), "fds after " + CALLS + " refused calls: " + Fds.list());
            // The socket it wraps is the one to ask.
            assertEquals(TcpState.ESTABLISHED, plain.tcpInfo().state());
            assertEquals(UNREAD, plain.unreadBytes());
        }
    }

    @Test
    void closingALayeredSslSocketClosesItThenSaysToPassThePlainSocket() throws Exception {
        Fds.warmUp();
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.SOCKET)) {
            p.y.getOutputStream().write(new byte[UNREAD]);
            Await.until(UNREAD + " bytes queued at X", Duration.ofSeconds(5), () -> p.xNative().unreadBytes() == UNREAD);
            SSLSocket layered = layer(p, false);
            long fdsBefore = Fds.count();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Close.lingering(layered, DrainPolicy.DEFAULT));
            assertTrue(e.getMessage().contains("Close.lingering(plain)"), e.getMessage());
            assertTrue(layered.isClosed(), "the layered socket is closed");
            assertEquals(fdsBefore, Fds.count(), "fds: " + Fds.list());
            assertThrows(ClosedChannelException.class, () -> Close.plain(layered));
            // autoClose = false left the plain socket open for the recipe's close (JSSE's close()
            // may have read what was queued: it drains its input on the way out).
            assertFalse(p.x.isClosed());
            p.y.shutdownOutput();
            CloseReport report = Close.lingering(p.x, DrainPolicy.DEFAULT);
            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
        }
    }

    /**
     * The peer sends 64 KiB over TLS, then close_notify and FIN, before X closes: every TCP byte
     * is queued at the start, so the drain must read exactly {@code atStart().unread()}, which is
     * more than the 64 KiB the TLS stream would decrypt.
     */
    @Test
    void anAcceptedSslSocketDrainsTcpBytesNotDecryptedOnes() throws Exception {
        SelfSignedTls tls = SelfSignedTls.get();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int payload = 64 * 1024;
        try (SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            CompletableFuture<PeerRead> peer = Background.run("tls-peer", () -> {
                try (SSLSocket y = (SSLSocket) tls.clientContext().getSocketFactory()
                        .createSocket(loopback, server.getLocalPort())) {
                    y.startHandshake();
                    OutputStream out = y.getOutputStream();
                    out.write(new byte[payload]);
                    out.flush();
                    y.shutdownOutput(); // close_notify, then FIN
                    return PeerRead.readAll(y, 10_000);
                }
            });
            try (SSLSocket x = (SSLSocket) server.accept()) {
                x.startHandshake();
                NativeSocket xNative = NativeSocket.of(x);
                Await.until("the peer's FIN", Duration.ofSeconds(10),
                        () -> xNative.tcpInfo().state() == TcpState.CLOSE_WAIT);
                CloseReport report = Close.lingering(x, DrainPolicy.DEFAULT);
                assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
                assertTrue(report.atStart().orElseThrow().unread() > payload, report.toString());
                assertEquals(report.atStart().orElseThrow().unread(), report.bytesDrained(), report.toString());
                assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
            }
            PeerRead read = peer.get(20, TimeUnit.SECONDS);
            assertEquals(PeerRead.End.EOF, read.end(), String.valueOf(read.error()));
        }
    }

    /**
     * Why the SSLSocket recipe layers over a plain socket: an accepted SSLSocket whose handshake
     * fails is already closed by JSSE when the application sees the exception, so no close
     * strategy can linger on it.
     */
    @Test
    void jsseHasClosedAnAcceptedSslSocketWhenItsHandshakeFails() throws Exception {
        SelfSignedTls tls = SelfSignedTls.get();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            server.setNeedClientAuth(true);
            CompletableFuture<Boolean> peer = Background.run("tls-peer-without-certificate", () -> {
                try (SSLSocket y = (SSLSocket) tls.clientContext().getSocketFactory()
                        .createSocket(loopback, server.getLocalPort())) {
                    y.startHandshake();
                    return PeerRead.readAll(y, 10_000).end() != PeerRead.End.TIMEOUT;
                } catch (SSLException expected) {
                    return true;
                }
            });
            try (SSLSocket x = (SSLSocket) server.accept()) {
                assertThrows(SSLHandshakeException.class, x::startHandshake);
                assertTrue(x.isClosed(), "JSSE closed it");
                assertThrows(ClosedChannelException.class, () -> Close.lingering(x));
            }
            assertTrue(peer.get(20, TimeUnit.SECONDS));
        }
    }

    private static SSLSocket layer(LoopbackPair p, boolean autoClose) throws Exception {
        SSLSocket layered = (SSLSocket) SelfSignedTls.get().serverContext().getSocketFactory()
                .createSocket(p.x, "127.0.0.1", p.yPort(), autoClose);
        layered.setUseClientMode(false);
        return layered;
    }
}
