package io.github.sockopt4j.repro;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.internal.ConstantTable;
import java.io.IOException;

/**
 * The kernel's TCP state of a socket, from the first byte of {@code TCP_INFO} ({@code tcpi_state})
 * read through the raw escape hatch. Unlike {@code SO_ERROR} it does not consume a pending
 * error, so the client can see "an RST arrived" (state CLOSE) and still let its next call report it.
 */
final class TcpStateProbe {
    static final int ESTABLISHED = ConstantTable.get("TCP_ESTABLISHED");
    static final int CLOSE = ConstantTable.get("TCP_CLOSE");
    static final int CLOSE_WAIT = ConstantTable.get("TCP_CLOSE_WAIT");
    private static final int IPPROTO_TCP = ConstantTable.get("IPPROTO_TCP");
    private static final int TCP_INFO = ConstantTable.get("TCP_INFO");

    private TcpStateProbe() {}

    static int state(NativeSocket socket) throws IOException {
        return socket.getRaw(IPPROTO_TCP, TCP_INFO, 1)[0] & 0xff;
    }
}
