package io.github.sockopt4j.repro;

import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One close of each strategy on a scratch loopback connection, before a scenario: the first use
 * of the library in a JVM loads and links its classes and lambdas, which in a fresh JVM adds
 * milliseconds to the first close that are not what the "X close" column is about. It runs
 * before the scenario's counters and capture start, so they see none of it.
 */
final class CloseWarmup {
    private static final DrainPolicy QUICK = DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofMillis(500))
            .withTotalTimeout(Duration.ofSeconds(1));

    /** A strategy as the warm-up calls it. */
    private interface Strategy {
        CloseReport close(SocketChannel x) throws IOException;
    }

    private CloseWarmup() {}

    static void run() throws IOException {
        once(Close::plain);
        once(Close::abortive);
        once(x -> Close.lingering(x, QUICK));
        once(x -> Close.afterAcked(x, Duration.ofSeconds(1)));
        once(Close::plain).toString(); // the report's formatting too
    }

    private static CloseReport once(Strategy strategy) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel y = SocketChannel.open(listener.getLocalAddress());
             SocketChannel x = listener.accept()) {
            y.close(); // Y's FIN: a lingering drain ends at once, nothing is left unread
            return strategy.close(x);
        }
    }
}
