package io.github.sockopt4j.netty;

import io.github.sockopt4j.internal.FdSocket;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;

/**
 * The fd of a Netty native channel (epoll, io_uring: {@link UnixChannel#fd()}), a socket the JDK
 * never saw. Loaded only when Netty's unix classes are present.
 *
 * <p><b>Why no recycled fd can be hit.</b> Netty closes such an fd only in the channel's
 * {@code doClose}, which runs on the channel's event loop (the exception, a close handed to
 * another executor when {@code SO_LINGER} is positive, is ruled out: the handler turns
 * {@code SO_LINGER} off before anything else). The view refuses every call made on another
 * thread, and asks {@link FileDescriptor#isOpen()} before each syscall; the check and the syscall
 * run on the loop thread with nothing in between that could close the fd, so the number still
 * names this socket. The view never closes the fd.
 */
final class UnixChannelSockets {
    private UnixChannelSockets() {}

    static boolean handles(Channel channel) {
        return channel instanceof UnixChannel;
    }

    static FdSocket of(Channel channel) {
        FileDescriptor fd = ((UnixChannel) channel).fd();
        EventLoop loop = channel.eventLoop();
        return FdSocket.ofForeignFd(fd.intValue(), fd::isOpen, loop::inEventLoop, channel);
    }
}
