package io.github.sockopt4j;

import io.github.sockopt4j.internal.Errno;
import java.net.SocketException;

/**
 * A socket syscall failed. Keeps the errno, its C name and the syscall, like Netty's
 * {@code Errors.NativeIoException}; the message reads
 * {@code setsockopt(TCP_CORK=true) on fd 12: ENOPROTOOPT (Protocol not available)}.
 */
public class NativeSocketException extends SocketException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String errnoName;
    private final String syscall;

    /**
     * @param syscall the call and what it did, e.g. {@code setsockopt(TCP_CORK=true)}
     * @param fd the file descriptor it acted on
     * @param errno the errno it failed with
     * @param description the C library's text for errno
     */
    public NativeSocketException(String syscall, int fd, int errno, String description) {
        super(syscall + " on fd " + fd + ": " + Errno.name(errno) + " (" + description + ")");
        this.errno = errno;
        this.errnoName = Errno.name(errno);
        this.syscall = syscall;
    }

    /** The errno value, e.g. 92. */
    public int errno() {
        return errno;
    }

    /** The errno's C name, e.g. {@code ENOPROTOOPT}. */
    public String errnoName() {
        return errnoName;
    }

    /** The syscall and its arguments as shown in the message, e.g. {@code setsockopt(TCP_CORK=true)}. */
    public String syscall() {
        return syscall;
    }
}
