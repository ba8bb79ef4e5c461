package io.netty.channel.epoll;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The benchmarks' Netty peer: a socket Netty created natively, with the JNI option calls that
 * Netty keeps package-private ({@code LinuxSocket.setTcpQuickAck}, {@code getTcpInfo}). Lives in
 * Netty's package for that reason; benchmark code only.
 */
public final class NettyPeer implements AutoCloseable {
    private final LinuxSocket socket;
    private final EpollTcpInfo info = new EpollTcpInfo();

    private NettyPeer(LinuxSocket socket) {
        this.socket = socket;
    }

    /** A Netty socket connected (blocking connect on a fresh fd) to {@code address} on loopback. */
    public static NettyPeer connect(InetSocketAddress address) throws IOException {
        Epoll.ensureAvailability();
        LinuxSocket s = LinuxSocket.newSocketStream(false);
        if (!s.connect(address)) {
            for (int i = 0; i < 1000 && !s.finishConnect(); i++) { // loopback connects at once; bounded anyway
                Thread.onSpinWait();
            }
        }
        return new NettyPeer(s);
    }

    public void setTcpNoDelay(boolean on) throws IOException {
        socket.setTcpNoDelay(on);
    }

    public boolean isTcpNoDelay() throws IOException {
        return socket.isTcpNoDelay();
    }

    public void setReceiveBufferSize(int size) throws IOException {
        socket.setReceiveBufferSize(size);
    }

    public int getReceiveBufferSize() throws IOException {
        return socket.getReceiveBufferSize();
    }

    public void setTcpQuickAck(boolean on) throws IOException {
        socket.setTcpQuickAck(on);
    }

    public boolean isTcpQuickAck() throws IOException {
        return socket.isTcpQuickAck();
    }

    /** {@code getsockopt(TCP_INFO)} into a reused {@link EpollTcpInfo}; returns its rtt. */
    public long tcpInfoRtt() throws IOException {
        socket.getTcpInfo(info);
        return info.rtt();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
