package io.github.sockopt4j.agent.boot;

import java.util.function.Consumer;

/**
 * The template of the dispatcher the agent defines in {@code java.base} as
 * {@code sun.nio.ch.Sockopt4jCloseDispatch} (never loaded under this name): the advice inlined into
 * {@code sun.nio.ch.SocketChannelImpl} and {@code NioSocketImpl} can see only bootstrap classes,
 * so it calls here, and this calls the agent's interceptor (loaded by the application class
 * loader) through a {@code java.base} type. Uses nothing but {@code java.base}.
 */
public final class CloseDispatch {
    /** The agent's interceptor; null until the agent installed, and again if it gave up. */
    public static volatile Consumer<Object> hook;

    private CloseDispatch() {}

    /**
     * Called at the start of the JDK's close, before it changes anything. Never throws: a failure
     * of the agent must not change the application's close.
     */
    public static void beforeClose(Object socket) {
        Consumer<Object> h = hook;
        if (h != null) {
            try {
                h.accept(socket);
            } catch (Throwable ignored) {
                // the JDK's own close goes on as without the agent
            }
        }
    }
}
