package io.github.sockopt4j.bench;

import io.github.sockopt4j.TcpInfoField;
import io.github.sockopt4j.TcpOptions;
import io.github.sockopt4j.internal.ConstantTable;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one socket-option call on a connected loopback socket, per route, in one run:
 * sockopt4j ({@code NativeSocket}), the JDK ({@code setOption}/{@code getOption}), Netty's JNI
 * ({@code LinuxSocket}) and a bare JNA direct call. Method names are {@code <call>_<route>};
 * {@code BenchReport} groups them by call and prints ratios. Setters alternate the value so no
 * route can skip the syscall.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class OptionCallBenchmark {
    private static final int TCP = ConstantTable.get("IPPROTO_TCP");
    private static final int SOL_SOCKET = ConstantTable.get("SOL_SOCKET");
    private static final int NODELAY = ConstantTable.get("TCP_NODELAY");
    private static final int QUICKACK = ConstantTable.get("TCP_QUICKACK");
    private static final int RCVBUF = ConstantTable.get("SO_RCVBUF");
    private static final long SIOCINQ = ConstantTable.getLong("SIOCINQ");
    private static final long SIOCOUTQ = ConstantTable.getLong("SIOCOUTQ");

    private boolean flag;

    private boolean flip() {
        flag = !flag;
        return flag;
    }

    private int size() {
        return flip() ? 65536 : 69632;
    }

    // ---- TCP_NODELAY (boolean) ------------------------------------------------------------

    @Benchmark
    public void setTcpNodelay_sockopt4j(LoopbackState s) throws IOException {
        s.nativeSocket.set(TcpOptions.TCP_NODELAY, flip());
    }

    @Benchmark
    public void setTcpNodelay_jdk(LoopbackState s) throws IOException {
        s.client.setOption(StandardSocketOptions.TCP_NODELAY, flip());
    }

    @Benchmark
    public void setTcpNodelay_netty(LoopbackState s) throws IOException {
        s.netty.setTcpNoDelay(flip());
    }

    @Benchmark
    public int setTcpNodelay_jnaDirect(LoopbackState s) {
        return s.jna.set(s.fd, TCP, NODELAY, flip() ? 1 : 0);
    }

    @Benchmark
    public boolean getTcpNodelay_sockopt4j(LoopbackState s) throws IOException {
        return s.nativeSocket.get(TcpOptions.TCP_NODELAY);
    }

    @Benchmark
    public boolean getTcpNodelay_jdk(LoopbackState s) throws IOException {
        return s.client.getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Benchmark
    public boolean getTcpNodelay_netty(LoopbackState s) throws IOException {
        return s.netty.isTcpNoDelay();
    }

    @Benchmark
    public int getTcpNodelay_jnaDirect(LoopbackState s) {
        return s.jna.get(s.fd, TCP, NODELAY);
    }

    // ---- SO_RCVBUF (int) ------------------------------------------------------------------

    @Benchmark
    public void setSoRcvbuf_sockopt4j(LoopbackState s) throws IOException {
        s.nativeSocket.set(TcpOptions.SO_RCVBUF, size());
    }

    @Benchmark
    public void setSoRcvbuf_jdk(LoopbackState s) throws IOException {
        s.client.setOption(StandardSocketOptions.SO_RCVBUF, size());
    }

    @Benchmark
    public void setSoRcvbuf_netty(LoopbackState s) throws IOException {
        s.netty.setReceiveBufferSize(size());
    }

    @Benchmark
    public int setSoRcvbuf_jnaDirect(LoopbackState s) {
        return s.jna.set(s.fd, SOL_SOCKET, RCVBUF, size());
    }

    @Benchmark
    public int getSoRcvbuf_sockopt4j(LoopbackState s) throws IOException {
        return s.nativeSocket.getInt(TcpOptions.SO_RCVBUF);
    }

    /** The generic {@code get}: its {@code Integer} of a buffer size (above 127) is allocated. */
    @Benchmark
    public Integer getSoRcvbuf_sockopt4jGeneric(LoopbackState s) throws IOException {
        return s.nativeSocket.get(TcpOptions.SO_RCVBUF);
    }

    @Benchmark
    public int getSoRcvbuf_jdk(LoopbackState s) throws IOException {
        return s.client.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Benchmark
    public int getSoRcvbuf_netty(LoopbackState s) throws IOException {
        return s.netty.getReceiveBufferSize();
    }

    @Benchmark
    public int getSoRcvbuf_jnaDirect(LoopbackState s) {
        return s.jna.get(s.fd, SOL_SOCKET, RCVBUF);
    }

    // ---- TCP_QUICKACK (boolean, jdk.net.ExtendedSocketOptions) ----------------------------

    @Benchmark
    public void setTcpQuickack_sockopt4j(LoopbackState s) throws IOException {
        s.nativeSocket.set(TcpOptions.TCP_QUICKACK, flip());
    }

    @Benchmark
    public void setTcpQuickack_jdk(LoopbackState s) throws IOException {
        s.client.setOption(ExtendedSocketOptions.TCP_QUICKACK, flip());
    }

    @Benchmark
    public void setTcpQuickack_netty(LoopbackState s) throws IOException {
        s.netty.setTcpQuickAck(flip());
    }

    @Benchmark
    public int setTcpQuickack_jnaDirect(LoopbackState s) {
        return s.jna.set(s.fd, TCP, QUICKACK, flip() ? 1 : 0);
    }

    // ---- TCP_INFO (no JDK equivalent) ------------------------------------------------------

    /** The allocation-free form: fills a caller-owned object, as Netty fills its EpollTcpInfo. */
    @Benchmark
    public long tcpInfo_sockopt4j(LoopbackState s) throws IOException {
        s.nativeSocket.tcpInfo(s.reusableInfo);
        return s.reusableInfo.get(TcpInfoField.RTT);
    }

    /** The immutable form: one new TcpInfo per call. */
    @Benchmark
    public Object tcpInfo_sockopt4jImmutable(LoopbackState s) throws IOException {
        return s.nativeSocket.tcpInfo();
    }

    @Benchmark
    public long tcpInfo_netty(LoopbackState s) throws IOException {
        return s.netty.tcpInfoRtt();
    }

    // ---- queue sizes (no JDK or Netty equivalent) -------------------------------------------

    @Benchmark
    public int unreadBytes_sockopt4j(LoopbackState s) throws IOException {
        return s.nativeSocket.unreadBytes();
    }

    @Benchmark
    public int unreadBytes_jnaDirect(LoopbackState s) {
        return s.jna.ioctlInt(s.fd, SIOCINQ);
    }

    @Benchmark
    public int sendQueueBytes_sockopt4j(LoopbackState s) throws IOException {
        return s.nativeSocket.sendQueueBytes();
    }

    @Benchmark
    public int sendQueueBytes_jnaDirect(LoopbackState s) {
        return s.jna.ioctlInt(s.fd, SIOCOUTQ);
    }
}
