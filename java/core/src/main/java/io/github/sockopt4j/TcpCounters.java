package io.github.sockopt4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The kernel's TCP counters at one instant: {@code TcpExt} from {@code /proc/net/netstat} and
 * {@code Tcp} from {@code /proc/net/snmp}, by name, as {@code nstat -az} shows them
 * ({@code TcpExtTCPAbortOnClose}, {@code TcpOutRsts}); the name without its group
 * ({@code TCPAbortOnClose}, {@code OutRsts}) is accepted too.
 *
 * <p><b>Per network namespace, global within it.</b> {@code /proc/net} shows the counters of
 * the reading process's network namespace, summed over all its sockets: a {@link #delta} around
 * one close counts every other connection of the namespace as well ({@code OutRsts} in
 * particular picks up unrelated traffic). Assert deltas only in a namespace of your own
 * ({@code unshare --net}) or with nothing else running. What moves which counter on a close:
 * {@code TCPAbortOnClose} a close with unread bytes; {@code TCPAbortOnData} an
 * {@code SO_LINGER {1, 0}} close, or data arriving after our close while the socket is still a
 * full socket; {@code TCPAbortOnLinger} {@code TCP_LINGER2 < 0} in FIN_WAIT2;
 * {@code TCPAbortOnMemory} too many orphans; {@code TCPAbortOnTimeout} a timer gave up.
 *
 * <p>Immutable. Linux only: elsewhere {@link #snapshot()} throws {@link IOException} (no such file).
 */
public final class TcpCounters {
    /** Close with unread received data: RST (RFC 2525 §2.17). */
    public static final String TCP_ABORT_ON_CLOSE = "TcpExtTCPAbortOnClose";
    /** Zero-linger close, or data after close on a full socket: RST. */
    public static final String TCP_ABORT_ON_DATA = "TcpExtTCPAbortOnData";
    /** {@code TCP_LINGER2 < 0} and FIN_WAIT2 at close: RST. */
    public static final String TCP_ABORT_ON_LINGER = "TcpExtTCPAbortOnLinger";
    /** A retransmission or keepalive timer gave up; no RST is sent. */
    public static final String TCP_ABORT_ON_TIMEOUT = "TcpExtTCPAbortOnTimeout";
    /** Orphan or memory limit at close: RST. */
    public static final String TCP_ABORT_ON_MEMORY = "TcpExtTCPAbortOnMemory";
    /** A TIME_WAIT socket was not created because {@code tcp_max_tw_buckets} was reached. */
    public static final String TCP_TIME_WAIT_OVERFLOW = "TcpExtTCPTimeWaitOverflow";
    /** Every RST sent, for any reason. */
    public static final String OUT_RSTS = "TcpOutRsts";
    /** Connections reset from ESTABLISHED or CLOSE_WAIT, by either side. */
    public static final String ESTAB_RESETS = "TcpEstabResets";

    private static final Path NETSTAT = Path.of("/proc/net/netstat");
    private static final Path SNMP = Path.of("/proc/net/snmp");

    /** By full name, in the kernel's order: {@code TcpExt...} then {@code Tcp...}. */
    private final Map<String, Long> values;

    private TcpCounters(Map<String, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Reads {@code /proc/net/netstat} and {@code /proc/net/snmp} of this process's network namespace. */
    public static TcpCounters snapshot() throws IOException {
        return parse(Files.readString(NETSTAT), Files.readString(SNMP));
    }

    /** {@code after - before} for every counter present in both (a gauge like {@code TcpCurrEstab} too). */
    public static TcpCounters delta(TcpCounters before, TcpCounters after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Map<String, Long> delta = new LinkedHashMap<>();
        after.values.forEach((name, value) -> {
            Long old = before.values.get(name);
            if (old != null) {
                delta.put(name, value - old);
            }
        });
        return new TcpCounters(delta);
    }

    /** Parses the two files' texts; package-private for tests. */
    static TcpCounters parse(String netstat, String snmp) {
        Map<String, Long> values = new LinkedHashMap<>();
        parseGroup(netstat, "TcpExt", "/proc/net/netstat", values);
        parseGroup(snmp, "Tcp", "/proc/net/snmp", values);
        return new TcpCounters(values);
    }

    /** The file holds a line of names and then a line of values per group, each starting with "Group:". */
    private static void parseGroup(String text, String group, String file, Map<String, Long> into) {
        String prefix = group + ":";
        String[] lines = text.lines().filter(line -> line.startsWith(prefix + " ")).toArray(String[]::new);
        if (lines.length != 2) {
            throw new IllegalStateException(file + ": expected a line of " + group + " names and one of values, found "
                    + lines.length + " lines");
        }
        String[] names = lines[0].substring(prefix.length()).trim().split("\\s+");
        String[] numbers = lines[1].substring(prefix.length()).trim().split("\\s+");
        if (names.length != numbers.length) {
            throw new IllegalStateException(file + ": " + names.length + " " + group + " names but "
                    + numbers.length + " values");
        }
        for (int i = 0; i < names.length; i++) {
            // Counters are unsigned 64-bit; only the constant Tcp MaxConn is -1.
            String n = numbers[i];
            into.put(group + names[i], n.startsWith("-") ? Long.parseLong(n) : Long.parseUnsignedLong(n));
        }
    }

    /**
     * The counter's value.
     *
     * @param name e.g. {@code TcpExtTCPAbortOnClose} or {@code TCPAbortOnClose}
     * @throws IllegalArgumentException if this kernel has no such counter
     */
    public long get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no TCP counter named " + name
                + " in " + NETSTAT + " (TcpExt) or " + SNMP + " (Tcp) of this kernel"));
    }

    /** The counter's value, or empty if this kernel has no such counter. */
    public OptionalLong find(String name) {
        Objects.requireNonNull(name, "name");
        Long value = values.get(name);
        if (value == null) {
            value = values.get("TcpExt" + name);
        }
        if (value == null) {
            value = values.get("Tcp" + name);
        }
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Every counter by full name, in the kernel's order. */
    public Map<String, Long> asMap() {
        return values;
    }

    /** The counters that are not 0, e.g. for a delta: {@code TcpCounters{TcpExtTCPAbortOnClose=1, TcpOutRsts=3}}. */
    @Override
    public String toString() {
        return values.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "TcpCounters{", "}"));
    }
}
