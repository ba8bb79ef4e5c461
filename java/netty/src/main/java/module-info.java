/**
 * sockopt4j for Netty: {@link io.github.sockopt4j.netty.LingeringCloseHandler}, added first in a
 * pipeline, turns every {@code close()} into a lingering close on the channel's event loop.
 *
 * <p>Netty is not a dependency of this module's artifact: the application brings its own Netty
 * 4.2. The native transports' classes ({@code io.netty.transport.unix.common}) are optional; without
 * them only NIO channels get the native fields of the report.
 */
module io.github.sockopt4j.netty {
    requires transitive io.github.sockopt4j;
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires static io.netty.transport.unix.common;

    exports io.github.sockopt4j.netty;
}
