package io.github.sockopt4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket of one kind on loopback, with whatever else it needs (listener, peer), all closed
 * together. Each fixture says which address family it opens and what it is connected to.
 */
enum LoopbackFixture {
    IPV4_CLIENT(Kind.CLIENT, Net.IPV4),
    IPV4_ACCEPTED(Kind.ACCEPTED, Net.IPV4),
    IPV4_LISTENING(Kind.LISTENING, Net.IPV4),
    IPV4_UNCONNECTED(Kind.UNCONNECTED, Net.IPV4),
    IPV6_CLIENT(Kind.CLIENT, Net.IPV6),
    IPV6_ACCEPTED(Kind.ACCEPTED, Net.IPV6),
    IPV6_LISTENING(Kind.LISTENING, Net.IPV6),
    IPV6_UNCONNECTED(Kind.UNCONNECTED, Net.IPV6),
    /** An AF_INET6 socket connected to an IPv4 peer (IPv4-mapped), as the JDK makes by default. */
    DUAL_STACK_CLIENT(Kind.CLIENT, Net.DUAL_STACK),
    DUAL_STACK_ACCEPTED(Kind.ACCEPTED, Net.DUAL_STACK);

    enum Kind { CLIENT, ACCEPTED, LISTENING, UNCONNECTED }

    /** Which family the sockets are opened with and which loopback address they use. */
    enum Net {
        IPV4(StandardProtocolFamily.INET, "127.0.0.1", "127.0.0.1"),
        IPV6(StandardProtocolFamily.INET6, "::1", "::1"),
        /** Listener on the IPv6 wildcard, reached at 127.0.0.1 by an AF_INET6 client. */
        DUAL_STACK(StandardProtocolFamily.INET6, "::", "127.0.0.1");

        final ProtocolFamily family;
        final String bindAddress;
        final String connectAddress;

        Net(ProtocolFamily family, String bindAddress, String connectAddress) {
            this.family = family;
            this.bindAddress = bindAddress;
            this.connectAddress = connectAddress;
        }
    }

    final Kind kind;
    final Net net;

    LoopbackFixture(Kind kind, Net net) {
        this.kind = kind;
        this.net = net;
    }

    ProtocolFamily family() {
        return net.family;
    }

    /** Opens the fixture; close the result to close everything it opened. */
    Opened open() throws IOException {
        Opened o = new Opened();
        try {
            if (kind == Kind.UNCONNECTED) {
                SocketChannel ch = o.add(SocketChannel.open(net.family));
                o.socket = NativeSocket.of(ch);
                o.channel = ch;
                return o;
            }
            ServerSocketChannel server = o.add(ServerSocketChannel.open(net.family));
            server.bind(new InetSocketAddress(InetAddress.getByName(net.bindAddress), 0));
            if (kind == Kind.LISTENING) {
                o.socket = NativeSocket.of(server);
                o.server = server;
                return o;
            }
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            SocketChannel client = o.add(SocketChannel.open(net.family));
            client.connect(new InetSocketAddress(InetAddress.getByName(net.connectAddress), port));
            SocketChannel accepted = o.add(server.accept());
            o.peer = kind == Kind.CLIENT ? accepted : client;
            o.channel = kind == Kind.CLIENT ? client : accepted;
            o.socket = NativeSocket.of(o.channel);
            return o;
        } catch (IOException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    /** An open fixture: the socket under test, its channel (or server) and its peer. */
    static final class Opened implements AutoCloseable {
        private final List<AutoCloseable> toClose = new ArrayList<>();
        NativeSocket socket;
        SocketChannel channel;
        ServerSocketChannel server;
        SocketChannel peer;

        <C extends AutoCloseable> C add(C c) {
            toClose.add(c);
            return c;
        }

        @Override
        public void close() throws IOException {
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }
}
