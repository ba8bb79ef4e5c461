package io.github.sockopt4j.bench;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.ReusableTcpInfo;
import io.github.sockopt4j.internal.ConstantTable;
import io.netty.channel.epoll.NettyPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Connected loopback sockets for the per-call benchmarks: a JDK {@code SocketChannel} (used by
 * the JDK route, by sockopt4j and by the JNA baseline) and a socket Netty created itself (Netty
 * never reaches JDK sockets), both connected to the same listener on 127.0.0.1.
 */
@State(Scope.Thread)
public class LoopbackState {
    ServerSocketChannel server;
    SocketChannel client;
    SocketChannel accepted;
    NativeSocket nativeSocket;
    int fd;
    /** IPPROTO_TCP and TCP_NODELAY, for the bare baselines (sockopt4j's own table, read once). */
    final int tcpLevel = ConstantTable.get("IPPROTO_TCP");
    final int nodelay = ConstantTable.get("TCP_NODELAY");
    NettyPeer netty;
    SocketChannel nettyAccepted;
    final JnaDirectBaseline jna = new JnaDirectBaseline();
    final ReusableTcpInfo reusableInfo = new ReusableTcpInfo();

    @Setup(Level.Trial)
    public void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
        nativeSocket = NativeSocket.of(client);
        fd = nativeSocket.fd();
        netty = NettyPeer.connect((InetSocketAddress) server.getLocalAddress());
        nettyAccepted = server.accept();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {netty, nettyAccepted, accepted, client, server}) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IOException("closing " + c, e);
            }
        }
    }
}
