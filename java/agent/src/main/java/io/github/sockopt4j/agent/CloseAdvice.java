package io.github.sockopt4j.agent;

import io.github.sockopt4j.agent.boot.CloseDispatch;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code SocketChannelImpl.implCloseSelectableChannel()} (run once, under
 * the channel's close lock, before the JDK moves it to closing or pre-closes its fd) and of
 * {@code NioSocketImpl.close()}: hands the socket to the agent while its fd is still its own.
 */
final class CloseAdvice {
    private CloseAdvice() {}

    @Advice.OnMethodEnter
    static void enter(@Advice.This Object socket) {
        CloseDispatch.beforeClose(socket);
    }
}
