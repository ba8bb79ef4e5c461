package io.github.sockopt4j.repro.clients;

/** Which JDK TLS API the server uses. */
public enum TlsServerKind {
    /** An {@code SSLEngine} over an accepted {@code SocketChannel}. */
    SSL_ENGINE("SSLEngine"),
    /** An {@code SSLSocket} layered with {@code autoClose = false} over an accepted plain {@code Socket}. */
    LAYERED_SSL_SOCKET("layered SSLSocket"),
    /** An {@code SSLSocket} accepted by an {@code SSLServerSocket}: JSSE closes it itself when a handshake fails. */
    ACCEPTED_SSL_SOCKET("accepted SSLSocket");

    private final String label;

    TlsServerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the server closes a {@code SocketChannel} (and so can hand it to a {@code LingeringCloser}). */
    public boolean channel() {
        return this == SSL_ENGINE;
    }
}
