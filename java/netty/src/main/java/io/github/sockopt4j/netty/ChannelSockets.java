package io.github.sockopt4j.netty;

import io.github.sockopt4j.internal.FdSocket;
import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

/**
 * The fd view ({@link FdSocket}) of a Netty channel, where one can be had: the JDK {@code SocketChannel}
 * of a {@link NioSocketChannel}, the fd of a native transport's channel (epoll, io_uring). Where
 * none can be had the answer is null and the reason is logged once.
 */
final class ChannelSockets {
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ChannelSockets.class);

    /** {@code AbstractNioChannel.javaChannel()}, protected: Netty offers no public way to the JDK channel. */
    private static final MethodHandle JAVA_CHANNEL;
    private static final String JAVA_CHANNEL_FAILURE;
    private static final boolean UNIX_CLASSES = present("io.netty.channel.unix.UnixChannel");
    private static volatile boolean warned;

    static {
        MethodHandle handle = null;
        String failure = null;
        try {
            handle = MethodHandles.privateLookupIn(AbstractNioChannel.class, MethodHandles.lookup())
                    .findVirtual(AbstractNioChannel.class, "javaChannel", MethodType.methodType(SelectableChannel.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = "cannot reach NioSocketChannel's java.nio SocketChannel (" + e + "); on the module path add "
                    + "--add-opens io.netty.transport/io.netty.channel.nio=io.github.sockopt4j.netty";
        }
        JAVA_CHANNEL = handle;
        JAVA_CHANNEL_FAILURE = failure;
    }

    private ChannelSockets() {}

    /**
     * The native view of {@code channel}'s socket, or null. Call on the channel's event loop: a
     * native transport's fd is usable only there (see {@link UnixChannelSockets}).
     */
    static FdSocket of(Channel channel) {
        try {
            if (channel instanceof NioSocketChannel) {
                if (JAVA_CHANNEL == null) {
                    return unreachable(channel, JAVA_CHANNEL_FAILURE);
                }
                return FdSocket.of((SocketChannel) (SelectableChannel) JAVA_CHANNEL.invoke((AbstractNioChannel) channel));
            }
            if (UNIX_CLASSES && UnixChannelSockets.handles(channel)) {
                return UnixChannelSockets.of(channel);
            }
            return unreachable(channel, channel.getClass().getName() + " is neither a NIO nor a native Netty channel");
        } catch (RuntimeException | Error e) {
            return unreachable(channel, e.toString());
        } catch (Throwable t) {
            return unreachable(channel, t.toString());
        }
    }

    private static FdSocket unreachable(Channel channel, String why) {
        if (!warned) {
            warned = true;
            LOG.warn("sockopt4j: no native view of {} ({}): closes still linger, their reports have no queues and "
                    + "no FIN/RST verdict. Logged once.", channel, why);
        } else {
            LOG.debug("sockopt4j: no native view of {} ({})", channel, why);
        }
        return null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ChannelSockets.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
