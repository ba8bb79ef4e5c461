package io.github.sockopt4j.agent;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the advised JDK close calls: {@code apply} before the JDK's close (given the channel or the
 * {@code SocketImpl}; returns a token, or null to leave the close alone), then {@link #after()}'s
 * consumer with that token once the JDK's close has run.
 */
interface JdkCloseHook extends Function<Object, Object> {
    Consumer<Object> after();
}
