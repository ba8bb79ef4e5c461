package io.github.sockopt4j.bench;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.close.Close;
import io.github.sockopt4j.close.CloseReport;
import io.github.sockopt4j.close.DrainPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long each close strategy takes, on a loopback connection that has just carried a 16 KiB
 * response, with a peer that reads everything and closes as soon as it sees our FIN. A fresh
 * connection is made before each call, outside the measurement ({@code Level.Invocation}; the
 * calls last tens of microseconds to milliseconds, so JMH's per-invocation timestamps are noise);
 * {@code connect_setup} measures that setup on its own. Names are {@code close<Strategy>_<route>}:
 * route {@code sockopt4j} is the strategy with its report, route {@code jdk} the same steps done
 * by hand with the JDK, no report (BenchReport prints the ratio), and route {@code syscallsOnly}
 * the JDK's steps plus only the syscalls the report makes, with no Java around them: the least a
 * true report can cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CloseLatencyBenchmark {
    private static final ByteBuffer RESPONSE = ByteBuffer.allocateDirect(16 * 1024);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final int LINGER_IDLE_MILLIS = (int) DrainPolicy.DEFAULT.idleTimeout().toMillis();

    private ServerSocketChannel server;
    private EofClosingPeer peer;
    private SocketChannel x;
    private final byte[] drainBuffer = new byte[DrainPolicy.DEFAULT.bufferSize()];

    @Setup(Level.Trial)
    public void listen() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = new EofClosingPeer();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        peer.close();
        server.close();
    }

    /** A fresh connection: X accepted, the peer registered, X's response written. */
    private SocketChannel connect() throws IOException {
        SocketChannel y = SocketChannel.open(server.getLocalAddress());
        SocketChannel accepted = server.accept();
        peer.add(y);
        accepted.write(RESPONSE.duplicate());
        return accepted;
    }

    @Setup(Level.Invocation)
    public void connectBeforeEachClose() throws IOException {
        x = connect();
    }

    @TearDown(Level.Invocation)
    public void closeWhatIsLeft() throws IOException {
        x.close(); // a no-op after the strategies; closes connect_setup's connection
    }

    @Benchmark
    public CloseReport closePlain_sockopt4j() throws IOException {
        return Close.plain(x);
    }

    @Benchmark
    public void closePlain_jdk() throws IOException {
        x.close();
    }

    /** The plain close's report syscalls alone: the first look (SIOCINQ, SIOCOUTQ), SO_LINGER, then close(). */
    @Benchmark
    public Object closePlain_syscallsOnly() throws IOException {
        NativeSocket s = NativeSocket.of(x);
        SocketQueues queues = s.queues();
        Linger linger = s.linger();
        x.close();
        return linger.isAbortive() ? queues : linger;
    }

    @Benchmark
    public CloseReport closeAbortive_sockopt4j() throws IOException {
        return Close.abortive(x);
    }

    @Benchmark
    public void closeAbortive_jdk() throws IOException {
        x.setOption(StandardSocketOptions.SO_LINGER, 0);
        x.close();
    }

    /** The abortive close's report syscalls alone: the first look, then SO_LINGER {1, 0} and close(). */
    @Benchmark
    public Object closeAbortive_syscallsOnly() throws IOException {
        NativeSocket s = NativeSocket.of(x);
        SocketQueues queues = s.queues();
        s.setLinger(Linger.abortive());
        x.close();
        return queues;
    }

    @Benchmark
    public CloseReport closeLingering_sockopt4j() throws IOException {
        return Close.lingering(x);
    }

    /** The lingering close by hand: FIN, timed reads into a reused buffer until EOF, close. */
    @Benchmark
    public void closeLingering_jdk() throws IOException {
        x.shutdownOutput();
        Socket socket = x.socket();
        socket.setSoTimeout(LINGER_IDLE_MILLIS);
        InputStream in = socket.getInputStream();
        while (in.read(drainBuffer) >= 0) {
            // discard until the peer's EOF
        }
        x.close();
    }

    @Benchmark
    public CloseReport closeAfterAcked_sockopt4j() throws IOException {
        return Close.afterAcked(x, ACK_TIMEOUT);
    }

    /** What the setup of each close costs (not counted in the close rows): connect, accept, write. */
    @Benchmark
    public SocketChannel connect_setup() throws IOException {
        SocketChannel extra = connect();
        extra.close();
        return extra;
    }
}
