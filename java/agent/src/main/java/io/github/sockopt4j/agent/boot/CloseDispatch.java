package io.github.sockopt4j.agent.boot;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The template of the dispatcher the agent defines in {@code java.base} as
 * {@code sun.nio.ch.Sockopt4jCloseDispatch} (never loaded under this name): the advice inlined into
 * {@code sun.nio.ch.SocketChannelImpl} and {@code NioSocketImpl} can see only {@code java.base}
 * classes, so it calls here, and this calls the agent's interceptor (loaded by the application
 * class loader) through {@code java.base} types. Uses nothing but {@code java.base}.
 */
public final class CloseDispatch {
    /** Before the JDK's close: the interceptor's token for {@link #after}, or null. Null until installed. */
    public static volatile Function<Object, Object> before;
    /** After the JDK's close, with the token {@link #before} returned. */
    public static volatile Consumer<Object> after;

    private CloseDispatch() {}

    /**
     * Called at the start of the JDK's close, before it changes anything. Never throws: a failure
     * of the agent must not change the application's close.
     */
    public static Object beforeClose(Object socket) {
        Function<Object, Object> h = before;
        if (h != null) {
            try {
                return h.apply(socket);
            } catch (Throwable ignored) {
                // the JDK's own close goes on as without the agent
            }
        }
        return null;
    }

    /** Called when the JDK's close returns or throws; does nothing for a null token. */
    public static void afterClose(Object token) {
        Consumer<Object> h = after;
        if (token != null && h != null) {
            try {
                h.accept(token);
            } catch (Throwable ignored) {
                // the interceptor closes what it holds itself
            }
        }
    }
}
