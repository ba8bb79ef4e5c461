package io.github.sockopt4j.agent;

import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.close.CloseEngine;
import io.github.sockopt4j.internal.close.ObservedClose;

import java.io.IOException;
import java.net.SocketImpl;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * {@code mode=observe}: the JDK's close of every connected TCP socket, unchanged, reported
 * (integration {@code Agent}, strategy {@code OBSERVED}) to the JFR event, the
 * {@code CloseListener}s and, with {@code -Dsockopt4j.agent.debug=true}, one line each. Before the
 * JDK's close: the look at the queues; after it: the report. Sockets that are not TCP or not
 * connected are not reported.
 */
final class ObservingInterceptor implements JdkCloseHook {
    @Override
    public Object apply(Object jdkSocket) {
        try {
            FdSocket socket = jdkSocket instanceof SocketChannel channel ? FdSocket.of(channel)
                    : FdSocket.of((SocketImpl) jdkSocket);
            TcpState state = socket.tcpState(); // fails for AF_UNIX: not TCP, not reported
            if (state == TcpState.LISTEN || state == TcpState.SYN_SENT || state == TcpState.CLOSE) {
                return null;
            }
            Object remote = CloseEngine.recorded() && jdkSocket instanceof SocketChannel channel
                    ? channel.socket().getRemoteSocketAddress() : null;
            return ObservedClose.before(socket, CloseEngine.nameForLog(jdkSocket), remote);
        } catch (IOException | RuntimeException notObserved) {
            return null; // closed meanwhile, or not TCP: the JDK's close, unreported
        }
    }

    @Override
    public Consumer<Object> after() {
        return token -> {
            CloseReport report = ((ObservedClose) token).after("Agent", null);
            if (CloseInterceptor.DEBUG) {
                System.err.println(Sockopt4jAgent.PREFIX + "observed: " + report);
            }
        };
    }
}
