package io.github.sockopt4j.bench;

import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.TcpOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * One {@code setsockopt(TCP_NODELAY)} on a connected loopback socket through sockopt4j's
 * {@code NativeSocket.set}, with the backend the subclass's fork chooses, and the setup the
 * subclasses' peer rows share. Each call alternates the value so that no side can skip the syscall.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class LoopbackBenchmark {
    private ServerSocketChannel server;
    protected SocketChannel client;
    private SocketChannel accepted;
    private NativeSocket nativeSocket;
    protected boolean flag;
    protected int fd;
    protected int level;
    protected int optname;

    @Setup(Level.Trial)
    public void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
        nativeSocket = NativeSocket.of(client);
        fd = nativeSocket.fd();
        level = Integer.getInteger("bench.level", 6);    // IPPROTO_TCP on Linux
        optname = Integer.getInteger("bench.optname", 1); // TCP_NODELAY on Linux
        System.out.println("sockopt4j backend: " + NativeSocket.backend());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        accepted.close();
        client.close();
        server.close();
    }

    @Benchmark
    public void sockopt4jSet() throws IOException {
        flag = !flag;
        nativeSocket.set(TcpOptions.TCP_NODELAY, flag);
    }
}
