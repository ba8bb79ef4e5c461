package io.github.sockopt4j.repro;

import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.NativeBackend;
import io.github.sockopt4j.internal.NativeBuffer;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A packet capture on {@code lo} with an {@code AF_PACKET} socket (packet(7)), made through the
 * binding layer. Needs CAP_NET_RAW; {@link #open} says why it could not.
 *
 * <p>On {@code lo} every packet is seen twice, as {@code PACKET_OUTGOING} and as
 * {@code PACKET_HOST}; only the host copy is kept, as libpcap does. A thread reads with
 * {@code MSG_DONTWAIT} (no native call blocks) into a receive buffer forced to 32 MiB, and keeps
 * the first {@link #SNAP} bytes of each IPv4 TCP frame whose port is the scenario's server port.
 */
final class WireCapture implements AutoCloseable {
    /** Ethernet (14) + IPv4 with options (60) + TCP with options (60): all headers, no payload needed. */
    static final int SNAP = 134;
    private static final int FRAME_MAX = 65536 + 64;
    private static final int RECEIVE_BUFFER = 32 * 1024 * 1024;
    private static final int QUIET_POLLS = 10;

    private static final NativeBackend NATIVE = Backends.current();
    private static final int LL_SIZE = ConstantTable.get("SIZEOF_SOCKADDR_LL");
    private static final int LL_PKTTYPE = ConstantTable.get("OFFSETOF_SOCKADDR_LL_PKTTYPE");
    private static final int PACKET_HOST = ConstantTable.get("PACKET_HOST");
    private static final int MSG_DONTWAIT = ConstantTable.get("MSG_DONTWAIT");
    private static final int EAGAIN = ConstantTable.get("EAGAIN");

    /** One captured frame: when it was read, its first bytes and its length on the wire. */
    record Frame(long epochMicros, byte[] head, int length) {}

    private final int fd;
    private final int port;
    private final NativeBuffer frame = NATIVE.allocate(FRAME_MAX);
    private final NativeBuffer from = NATIVE.allocate(LL_SIZE + 8);
    private final List<Frame> frames = new ArrayList<>();
    private final Thread reader;
    private volatile boolean stopping;
    private String failure;

    private WireCapture(int fd, int port) {
        this.fd = fd;
        this.port = port;
        this.reader = new Thread(this::readLoop, "repro-capture");
        reader.setDaemon(true);
        reader.start();
    }

    /** A capture of {@code lo} for TCP on {@code port}, or the reason there is none. */
    static Result open(int port) {
        int family = ConstantTable.get("AF_PACKET");
        int protocol = htons(ConstantTable.get("ETH_P_ALL"));
        int fd = NATIVE.socket(family, ConstantTable.get("SOCK_RAW"), protocol);
        if (fd < 0) {
            return new Result(Optional.empty(), "no capture: socket(AF_PACKET) failed: " + NATIVE.strerror(-fd)
                    + " (needs CAP_NET_RAW)");
        }
        String problem = bindToLoopback(fd, family, protocol);
        if (problem == null) {
            NativeBuffer size = NATIVE.allocate(4);
            size.putInt(0, RECEIVE_BUFFER);
            int r = NATIVE.setsockopt(fd, ConstantTable.get("SOL_SOCKET"), ConstantTable.get("SO_RCVBUFFORCE"),
                    size.address(), 4);
            Reference.reachabilityFence(size); // the kernel reads it through the raw address
            problem = r < 0 ? "setsockopt(SO_RCVBUFFORCE): " + NATIVE.strerror(-r) : null;
        }
        if (problem != null) {
            NATIVE.close(fd);
            return new Result(Optional.empty(), "no capture: " + problem);
        }
        return new Result(Optional.of(new WireCapture(fd, port)), "captured on lo");
    }

    /** A capture, or why there is none. */
    record Result(Optional<WireCapture> capture, String status) {}

    private static String bindToLoopback(int fd, int family, int protocol) {
        int index = NATIVE.ifNameToIndex("lo");
        if (index == 0) {
            return "no interface lo";
        }
        NativeBuffer ll = NATIVE.allocate(LL_SIZE);
        putShort(ll, ConstantTable.get("OFFSETOF_SOCKADDR_LL_FAMILY"), family);
        putShort(ll, ConstantTable.get("OFFSETOF_SOCKADDR_LL_PROTOCOL"), protocol);
        ll.putInt(ConstantTable.get("OFFSETOF_SOCKADDR_LL_IFINDEX"), index);
        int r = NATIVE.bind(fd, ll.address(), LL_SIZE);
        Reference.reachabilityFence(ll);
        return r < 0 ? "bind(lo): " + NATIVE.strerror(-r) : null;
    }

    private static void putShort(NativeBuffer b, int offset, int value) {
        byte[] two = {(byte) value, (byte) (value >>> 8)}; // host order is little-endian on x86-64 and aarch64
        b.write(offset, two, 0, 2);
    }

    private static int htons(int v) {
        return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
    }

    private void readLoop() {
        try {
            int quiet = 0;
            while (true) {
                int n = readOne();
                if (n == -EAGAIN) {
                    // Stop only after QUIET_POLLS empty polls in a row: a softirq the kernel deferred
                    // to ksoftirqd may still be delivering the last frames (there is no event to await).
                    if (stopping && ++quiet >= QUIET_POLLS) {
                        return;
                    }
                    Thread.sleep(1); // nothing queued: poll again (no native call blocks)
                    continue;
                }
                quiet = 0;
                if (n < 0) {
                    failure = "recvfrom: " + NATIVE.strerror(-n);
                    return;
                }
            }
        } catch (InterruptedException e) {
            failure = "interrupted";
        }
    }

    /** Reads one frame; returns its length or -errno. */
    private int readOne() {
        from.putInt(LL_SIZE, LL_SIZE);
        long n = NATIVE.recvfrom(fd, frame.address(), FRAME_MAX, MSG_DONTWAIT, from.address(), from.address() + LL_SIZE);
        if (n < 0) {
            return (int) n;
        }
        if ((from.getByte(LL_PKTTYPE) & 0xff) == PACKET_HOST && TcpSegment.isTcpOnPort(frame, (int) n, port)) {
            byte[] head = new byte[(int) Math.min(n, SNAP)];
            frame.read(0, head, 0, head.length);
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
            synchronized (frames) {
                frames.add(new Frame(micros, head, (int) n));
            }
        }
        return (int) n;
    }

    /**
     * Stops after draining what the kernel has queued. Loopback delivers in the sender's
     * syscall, so a frame is queued before the call that sent it returns; the drain then only
     * has to empty the socket.
     */
    List<Frame> stop() throws InterruptedException {
        stopping = true;
        reader.join(5000);
        if (reader.isAlive()) {
            failure = "the capture thread did not stop";
        }
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Why the capture is incomplete, or empty when it is complete (no read error, no drops). */
    Optional<String> problem() {
        if (failure != null) {
            return Optional.of(failure);
        }
        NativeBuffer stats = NATIVE.allocate(ConstantTable.get("SIZEOF_TPACKET_STATS") + 8);
        stats.putInt(0, ConstantTable.get("SIZEOF_TPACKET_STATS"));
        int r = NATIVE.getsockopt(fd, ConstantTable.get("SOL_PACKET"), ConstantTable.get("PACKET_STATISTICS"),
                stats.address() + 8, stats.address());
        if (r < 0) {
            return Optional.of("PACKET_STATISTICS: " + NATIVE.strerror(-r));
        }
        int drops = stats.getInt(8 + ConstantTable.get("OFFSETOF_TPACKET_STATS_DROPS"));
        return drops == 0 ? Optional.empty() : Optional.of(drops + " packets dropped by the capture socket");
    }

    @Override
    public void close() {
        stopping = true;
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NATIVE.close(fd);
    }
}
