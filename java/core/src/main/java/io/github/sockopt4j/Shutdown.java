package io.github.sockopt4j;

/** Which direction {@link NativeSocket#shutdown(Shutdown)} shuts down (shutdown(2)). */
public enum Shutdown {
    /**
     * {@code SHUT_RD}. On Linux this discards nothing: data that arrives later is still ACKed and
     * queued, and a close with it unread still sends RST.
     */
    READ("SHUT_RD"),
    /** {@code SHUT_WR}: queue a FIN after the data already written; reads go on. */
    WRITE("SHUT_WR"),
    /** {@code SHUT_RDWR}: both. */
    BOTH("SHUT_RDWR");

    private final String cName;

    Shutdown(String cName) {
        this.cName = cName;
    }

    /** The C name, e.g. {@code SHUT_WR}. */
    public String cName() {
        return cName;
    }
}
