package io.github.sockopt4j.testkit.clients;

/** What a client must report for a trial to count as delivered: what the server sent it. */
public enum Expected {
    /** An HTTP 413 response, in plain HTTP or over TLS. */
    STATUS_413,
    /** The server's fatal TLS alert. */
    TLS_ALERT,
    /**
     * A response over TLS, then the server's {@code close_notify}, answered by the client's own,
     * and no reset after it ({@link RealClient#PYTHON_SSL_CLOSE_NOTIFY} only).
     */
    CLEAN_TLS_CLOSE
}
