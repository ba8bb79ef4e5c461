package io.github.sockopt4j.internal;

import io.github.sockopt4j.NativeSocketException;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A descriptor sockopt4j owns: a duplicate ({@code F_DUPFD_CLOEXEC}) of a JDK socket's fd, taken
 * while the JDK's close lock is held and before the JDK began closing it, so the duplicate is that
 * socket's. The JDK then closes its own descriptor as always; the connection lives on in this one
 * until {@link #close()}, which closes it exactly once. Every call on it goes through
 * {@link #socket()}, whose lock is this object: no call reaches the number once it is closed.
 */
public final class OwnedFd {
    private static final NativeBackend NATIVE = Backends.current();

    private final int fd;
    private final String name;
    private final SocketAddress remote;
    private final FdSocket socket;
    /** Guarded by this object, the lock of every call through {@link #socket}. */
    private boolean closed;
    private volatile boolean finDeferred;

    private OwnedFd(int fd, String name, SocketAddress remote) {
        this.fd = fd;
        this.name = name;
        this.remote = remote;
        this.socket = FdSocket.of(this);
    }

    /**
     * Duplicates the fd of {@code jdkSocket} under its owner's close lock.
     *
     * @param remote the peer's address, for reports (may be null)
     * @throws java.nio.channels.ClosedChannelException if the owner began closing (nothing done)
     * @throws NativeSocketException if {@code fcntl} failed ({@code EMFILE}: no descriptor left)
     */
    public static OwnedFd duplicate(FdSocket jdkSocket, SocketAddress remote) throws IOException {
        long r = jdkSocket.withFd(NATIVE::dupCloexec);
        if (r < 0) {
            throw jdkSocket.error("fcntl(F_DUPFD_CLOEXEC)", (int) -r);
        }
        return new OwnedFd((int) r, "duplicate fd " + r + " of " + jdkSocket.owner(), remote);
    }

    /** The syscalls on this descriptor, each refused once it is closed. */
    public FdSocket socket() {
        return socket;
    }

    /** The peer's address given at {@link #duplicate}, or null. */
    public SocketAddress remoteAddress() {
        return remote;
    }

    /** The descriptor's number, for logs and tests. */
    public int fd() {
        return fd;
    }

    /**
     * The closer sends no {@code shutdown(SHUT_WR)} before its drain: the FIN goes with the final
     * close. For a socket whose input was shut down, which Linux resets when data arrives after
     * {@code SHUT_RD} and our FIN.
     */
    public void deferFin() {
        finDeferred = true;
    }

    public boolean isFinDeferred() {
        return finDeferred;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the descriptor; does nothing the second time.
     *
     * @throws NativeSocketException if {@code close(2)} reported an error (Linux releases the
     *     descriptor anyway)
     */
    public synchronized void close() throws NativeSocketException {
        if (closed) {
            return;
        }
        closed = true;
        int r = NATIVE.close(fd);
        if (r < 0) {
            throw new NativeSocketException("close", fd, -r, NATIVE.strerror(-r));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
