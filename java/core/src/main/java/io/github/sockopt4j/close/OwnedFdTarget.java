package io.github.sockopt4j.close;

import io.github.sockopt4j.Shutdown;
import io.github.sockopt4j.internal.OwnedFd;

import java.io.IOException;
import java.net.Socket;

/**
 * A close of a descriptor sockopt4j owns ({@link OwnedFd}: a JDK socket's duplicate, the JDK's
 * own close already under way). No JDK object is left to go through: the half-close and the
 * close are the native calls, on the duplicate only; the drain reads natively as for any
 * {@link LingeringCloser} close.
 */
final class OwnedFdTarget extends CloseTarget {
    private final OwnedFd fd;
    /** Whether {@code shutdown(SHUT_WR)} was done, so that a second half-close does nothing. */
    private boolean outputShut;

    OwnedFdTarget(OwnedFd fd) {
        super(fd.socket());
        this.fd = fd;
    }

    @Override
    Object jdkObject() {
        return fd;
    }

    /** There is none: every caller of it is overridden here or runs only without native access. */
    @Override
    Socket socket() {
        throw new UnsupportedOperationException(fd + " has no JDK socket");
    }

    @Override
    boolean isInputShutdown() {
        return false; // a read's 0 without the peer's FIN is then found out (PendingClose.inputShut)
    }

    @Override
    Object remoteAddress() {
        return fd.remoteAddress();
    }

    @Override
    boolean isOpen() {
        return !fd.isClosed();
    }

    /** Only connected sockets are handed over (the agent checks). */
    @Override
    boolean isConnected() {
        return true;
    }

    @Override
    boolean isBlocking() {
        return false; // every read is MSG_DONTWAIT; O_NONBLOCK, shared with the JDK's fd, is left as it is
    }

    @Override
    boolean isRegistered() {
        return false;
    }

    /** Nothing when the FIN is deferred ({@link OwnedFd#deferFin}): the final close sends it. */
    @Override
    void shutdownOutput() throws IOException {
        if (!outputShut && !fd.isFinDeferred()) {
            outputShut = true;
            fd.socket().shutdown(Shutdown.WRITE);
        }
    }

    @Override
    void close() throws IOException {
        fd.close();
    }

    @Override
    public String toString() {
        return fd.toString();
    }
}
