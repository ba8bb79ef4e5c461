package io.github.sockopt4j.bench;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the agent costs the thread that closes: {@code SocketChannel.close()} of a connection with
 * nothing unread (it has just written a 16 KiB response; the peer reads everything and closes at
 * our FIN), in a fork started with {@code -javaagent:sockopt4j-agent.jar} and in one without,
 * same run. With the agent the close pays the state checks and the {@code fcntl} on this thread
 * and hands the rest (FIN, drain, the socket's release) to the closer's thread; without it the
 * JDK's {@code close} releases the socket here. The agent's path is relative: run from the
 * repository root after {@code make build} (the Makefile's {@code bench-agent} does).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class AgentCloseBenchmark {
    static final String AGENT = "-javaagent:java/agent/target/sockopt4j-agent-0.1.0-SNAPSHOT.jar";
    private static final ByteBuffer RESPONSE = ByteBuffer.allocateDirect(16 * 1024);

    private ServerSocketChannel server;
    private EofClosingPeer peer;
    private SocketChannel x;

    @Setup(Level.Trial)
    public void listen(BenchmarkParams params) throws IOException {
        boolean agent = params.getBenchmark().endsWith("_agent");
        boolean installed;
        try {
            Class.forName("sun.nio.ch.Sockopt4jCloseDispatch", false, null);
            installed = true;
        } catch (ClassNotFoundException e) {
            installed = false;
        }
        if (agent != installed) {
            throw new IllegalStateException(params.getBenchmark() + ": the agent is " + (installed ? "" : "not ")
                    + "installed in this fork; run from the repository root after make build (" + AGENT + ")");
        }
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = new EofClosingPeer();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        peer.close();
        server.close();
    }

    @Setup(Level.Invocation)
    public void connect() throws IOException {
        SocketChannel y = SocketChannel.open(server.getLocalAddress());
        x = server.accept();
        peer.add(y);
        x.write(RESPONSE.duplicate());
    }

    @Benchmark
    public void close_jdk() throws IOException {
        x.close();
    }

    @Benchmark
    @Fork(jvmArgsAppend = AGENT)
    public void close_agent() throws IOException {
        x.close();
    }
}
