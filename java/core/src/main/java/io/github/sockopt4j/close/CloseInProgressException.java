package io.github.sockopt4j.close;

import java.nio.channels.ClosedChannelException;

/**
 * Thrown by a {@link Close} strategy when another thread is already closing the same socket with
 * a {@code Close} strategy. This call did nothing; the other thread's close goes on and closes
 * the socket. A {@link ClosedChannelException}, so code that treats "already closed" as done
 * handles both alike.
 */
public class CloseInProgressException extends ClosedChannelException {
    private static final long serialVersionUID = 1L;

    private final String message;

    CloseInProgressException(String socket, Thread closer) {
        this.message = socket + " is already being closed by thread \"" + closer.getName()
                + "\"; this call did nothing";
    }

    @Override
    public String getMessage() {
        return message;
    }
}
