package io.github.sockopt4j.close;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** This JVM's open file descriptors, from {@code /proc/self/fd}. */
final class Fds {
    private Fds() {}

    /**
     * Opens once what the JVM opens once and keeps (JNA's libffi mapping and the temp-file
     * SecureRandom's /dev/random and /dev/urandom, the JDK's pre-close socket), so that a count
     * taken after it compares like with like.
     */
    static void warmUp() throws IOException {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            p.xNative().unreadBytes();
            Close.plain(p.xChannel);
        }
    }

    /** Each fd and what it points to, for a failure message. */
    static String list() {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    s.append(fd.getFileName()).append("->").append(Files.readSymbolicLink(fd)).append(' ');
                } catch (IOException gone) {
                    // the directory stream's own fd, closed meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    static long count() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // the directory stream's own fd
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How many of this JVM's fds refer to the socket with this inode: the kernel's count for one
     * socket, which no other fd the JVM opens or closes meanwhile can change.
     */
    static long referringTo(long inode) {
        String target = "socket:[" + inode + "]";
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(target);
                } catch (IOException gone) {
                    return false; // the directory stream's own fd, closed meanwhile
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The inode of an open, connected TCP channel's socket: the kernel's TCP table
     * ({@code /proc/net/tcp} and {@code tcp6}, where the JDK's dual-stack sockets are) has one
     * established socket from the channel's local port to its remote port. Taken while the
     * channel is open; the inode stays the socket's after its fds are gone.
     */
    static long inodeOf(SocketChannel channel) throws IOException {
        int local = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        int remote = ((InetSocketAddress) channel.getRemoteAddress()).getPort();
        List<Long> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) { // after the header
                String[] f = line.trim().split("\\s+");
                if (port(f[1]) == local && port(f[2]) == remote && f[3].equals("01")) { // 01: ESTABLISHED
                    found.add(Long.parseLong(f[9]));
                }
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException("established sockets from port " + local + " to " + remote + ": " + found);
        }
        return found.get(0);
    }

    /** The port of a {@code /proc/net/tcp} address, {@code ADDRESS:PORT} in hex. */
    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
