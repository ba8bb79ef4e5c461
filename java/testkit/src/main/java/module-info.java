/**
 * The kit sockopt4j's tests and its command share: loopback crowds, payloads, bounded waits, TLS
 * material. It needs nothing but {@code java.base}: the library's own tests use it, so it cannot
 * depend on the library.
 */
module io.github.sockopt4j.testkit {
    exports io.github.sockopt4j.testkit;
}
