package io.github.sockopt4j.close;

/**
 * Where {@link Close#lingering} reads the bytes it throws away. Nothing ever reads this memory,
 * so every close on every thread (virtual ones included) can share one array: concurrent reads
 * overwrite each other's garbage, which is harmless, and a close allocates nothing for its drain.
 */
final class DiscardBuffer {
    /** Big enough for the default policy's reads ({@link DrainPolicy#DEFAULT}, 32 KiB). */
    private static final byte[] SHARED = new byte[DrainPolicy.DEFAULT.bufferSize()];

    private DiscardBuffer() {}

    /** An array of at least {@code readSize} bytes: the shared one, or a new one for reads larger than it. */
    static byte[] forReadsOf(int readSize) {
        return readSize <= SHARED.length ? SHARED : new byte[readSize];
    }
}
