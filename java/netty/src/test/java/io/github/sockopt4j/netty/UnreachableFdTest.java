package io.github.sockopt4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.CloseStrategy;
import io.github.sockopt4j.close.DrainEnd;
import io.github.sockopt4j.close.FinalSignal;
import io.github.sockopt4j.close.DrainPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.oio.OioEventLoopGroup;
import io.netty.channel.socket.oio.OioServerSocketChannel;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TCP channel whose fd the handler cannot reach (Netty's old blocking transport, OIO: neither a
 * NIO nor a native channel): the close still lingers and drains to the peer's EOF; the report says
 * so, with its native fields unknown.
 */
@Timeout(30)
class UnreachableFdTest {
    private static final int SENT = 256 << 10;

    @Test
    @SuppressWarnings("deprecation") // OIO is deprecated; it stands here for any channel without a reachable fd
    void theCloseStillLingersWithTheNativeFieldsUnknown() throws Exception {
        CompletableFuture<LingeringCloseHandler> handlers = new CompletableFuture<>();
        EventLoopGroup group = new OioEventLoopGroup();
        try {
            Channel server = new ServerBootstrap().group(group).channel(OioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            LingeringCloseHandler handler = new LingeringCloseHandler(DrainPolicy.DEFAULT);
                            ch.pipeline().addFirst(handler);
                            handlers.complete(handler);
                            ch.eventLoop().execute(ch::close); // closes at once, before the peer sends
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try (Socket peer = new Socket()) {
                peer.connect(server.localAddress(), 5_000);
                assertEquals(-1, peer.getInputStream().read(), "the peer reads our FIN first");
                OutputStream out = peer.getOutputStream();
                out.write(new byte[SENT]); // after our FIN: a plain close would answer this with RST
                peer.shutdownOutput();
                CloseReport r = handlers.get(5, TimeUnit.SECONDS).closeReport().get(10, TimeUnit.SECONDS);
                assertEquals(CloseStrategy.LINGERING_ASYNC, r.strategy(), r.toString());
                assertEquals(DrainEnd.PEER_EOF, r.drainEnd(), r.toString());
                assertEquals(SENT, r.bytesDrained(), r.toString());
                assertEquals(FinalSignal.UNKNOWN, r.finalSignal(), r.toString());
                assertTrue(r.atStart().isEmpty() && r.atClose().isEmpty(), r.toString());
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
