package io.github.sockopt4j.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** The Netty transports the handler is tested on. A transport that cannot load fails the test, never skips it. */
enum NettyTransport {
    NIO {
        @Override
        IoHandlerFactory ioHandler() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }
    },
    EPOLL {
        @Override
        IoHandlerFactory ioHandler() {
            Epoll.ensureAvailability();
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }
    };

    abstract IoHandlerFactory ioHandler();

    abstract Class<? extends ServerChannel> serverChannel();

    EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandler());
    }
}
