package io.github.sockopt4j.bench;

import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.CloseReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observing a close costs: {@code Close.plain} on the connection {@link CloseLatencyBenchmark}
 * closes (16 KiB response, a peer that closes at our FIN), with {@code observer}:
 * <ul>
 *   <li>{@code none}: no recording, no listener: the close as it was before the event existed, but
 *       for the event's disabled check (a constant false) and the empty listener array;</li>
 *   <li>{@code jfrDefault}: a JFR recording with the JDK's {@code default} settings running, the
 *       sockopt4j event off in it (a production JVM that records all the time);</li>
 *   <li>{@code jfrEvent}: a recording with the jar's {@code sockopt4j.jfc}: the event on, one per close;</li>
 *   <li>{@code micrometer}: {@code CloseMetrics} bound to a {@code SimpleMeterRegistry}.</li>
 * </ul>
 * The ratios to {@code none}, measured in the same run, are in the results file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CloseEventBenchmark {
    private static final ByteBuffer RESPONSE = ByteBuffer.allocateDirect(16 * 1024);

    @Param({"none", "jfrDefault", "jfrEvent", "micrometer"})
    public String observer;

    private ServerSocketChannel server;
    private EofClosingPeer peer;
    private SocketChannel x;
    private CloseObserver observing;

    @Setup(Level.Trial)
    public void listen() throws Exception {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = new EofClosingPeer();
        observing = CloseObserver.start(observer);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        observing.close();
        peer.close();
        server.close();
    }

    @Setup(Level.Invocation)
    public void connectBeforeEachClose() throws IOException {
        SocketChannel y = SocketChannel.open(server.getLocalAddress());
        x = server.accept();
        peer.add(y);
        x.write(RESPONSE.duplicate());
    }

    @TearDown(Level.Invocation)
    public void closeWhatIsLeft() throws IOException {
        x.close();
    }

    @Benchmark
    public CloseReport closePlain() throws IOException {
        return Close.plain(x);
    }
}
