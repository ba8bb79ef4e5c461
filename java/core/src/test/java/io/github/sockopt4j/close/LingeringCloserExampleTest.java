package io.github.sockopt4j.close;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example of docs/lingering-closer.md, run: an NIO server refuses an upload with an early
 * 413 and closes through a {@link LingeringCloser}; the client, still sending its 4 MiB body,
 * reads the whole response and EOF, not a reset.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LingeringCloserExampleTest {

    /** docs/lingering-closer.md, "A small NIO server". */
    static final class EarlyErrorServer implements Runnable, AutoCloseable {
        private static final ByteBuffer RESPONSE = ByteBuffer.wrap(
                "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes(US_ASCII));
        private final Selector selector = Selector.open();
        private final ServerSocketChannel server = ServerSocketChannel.open();
        private final LingeringCloser closer = LingeringCloser.start();
        final LinkedBlockingQueue<CloseReport> reports = new LinkedBlockingQueue<>();

        EarlyErrorServer() throws IOException {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        }

        @Override
        public void run() {
            try {
                while (selector.isOpen()) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isAcceptable()) {
                            SocketChannel c = server.accept();
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, RESPONSE.duplicate());
                        } else if (key.isReadable()) {
                            // (parse the headers here) Content-Length is over the limit: answer now,
                            // without reading the body
                            key.interestOps(SelectionKey.OP_WRITE);
                        } else if (key.isWritable()) {
                            SocketChannel c = (SocketChannel) key.channel();
                            ByteBuffer out = (ByteBuffer) key.attachment();
                            c.write(out);
                            if (!out.hasRemaining()) {
                                key.cancel(); // the hand-over: our key first, then the closer owns it
                                closer.submit(c).thenAccept(reports::add);
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                // closed
            }
        }

        int port() throws IOException {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        @Override
        public void close() throws IOException {
            selector.close();
            server.close();
            closer.close();
        }
    }

    @Test
    void theClientReadsTheWhole413AndEofWhileStillSendingItsBody() throws Exception {
        try (EarlyErrorServer server = new EarlyErrorServer();
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            Background.run("server", () -> {
                server.run();
                return null;
            });
            byte[] body = new byte[4 << 20];
            CompletableFuture<Boolean> upload = Background.run("upload", () -> {
                OutputStream out = client.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(US_ASCII));
                out.write(body); // the server never reads it: the closer drains it
                return true;
            });
            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            String response = new String(in.readAllBytes(), US_ASCII); // the 413, then EOF (a reset would throw)
            assertEquals(true, upload.get(20, TimeUnit.SECONDS));
            client.close();
            CloseReport report = server.reports.poll(20, TimeUnit.SECONDS);

            assertEquals(EarlyErrorServer.RESPONSE.limit(), response.length());
            assertEquals("HTTP/1.1 413 Content Too Large", response.lines().findFirst().orElseThrow());
            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
        }
    }
}
