package io.github.sockopt4j.agent;

import io.github.sockopt4j.agent.boot.CloseDispatch;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code SocketChannelImpl.implCloseSelectableChannel()} (run once, under the
 * channel's close lock, before the JDK moves it to closing or pre-closes its fd) and
 * {@code NioSocketImpl.close()}: at the start, hands the socket to the agent while its fd is still
 * its own; at the end, after the JDK's close, lets the agent hand the duplicate to the closer.
 */
final class CloseAdvice {
    private CloseAdvice() {}

    @Advice.OnMethodEnter
    static Object enter(@Advice.This Object socket) {
        return CloseDispatch.beforeClose(socket);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        CloseDispatch.afterClose(token);
    }
}
