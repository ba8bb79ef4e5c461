package io.github.sockopt4j.close;

import io.github.sockopt4j.testkit.Payload;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** What the peer read: how many bytes, their SHA-256, and how its reads ended. */
record PeerRead(long bytes, String sha256, End end, IOException error) {
    enum End { EOF, RESET, TIMEOUT, ERROR }

    /**
     * Reads until end of stream or the first error; each read waits at most {@code timeoutMillis}.
     * The first failing call is the one that reports ECONNRESET: the kernel reports a reset once, to whichever call sees it first.
     */
    static PeerRead readAll(Socket socket, int timeoutMillis) {
        MessageDigest digest = Payload.sha256();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                total += n;
            }
            return new PeerRead(total, HexFormat.of().formatHex(digest.digest()), End.EOF, null);
        } catch (SocketTimeoutException e) {
            return new PeerRead(total, HexFormat.of().formatHex(digest.digest()), End.TIMEOUT, e);
        } catch (IOException e) {
            boolean reset = e instanceof SocketException && String.valueOf(e.getMessage()).startsWith("Connection reset");
            return new PeerRead(total, HexFormat.of().formatHex(digest.digest()), reset ? End.RESET : End.ERROR, e);
        }
    }
}
