package io.github.sockopt4j.close;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
