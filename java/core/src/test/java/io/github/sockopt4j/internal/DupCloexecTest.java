package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dupCloexec} and {@code close} on every backend this JVM has: the agent's hand-over rests on them. */
class DupCloexecTest {
    private static final int EBADF = ConstantTable.get("EBADF");
    /** {@code O_CLOEXEC} as /proc/self/fdinfo shows it, in octal. */
    private static final int O_CLOEXEC = 02000000;

    static List<NativeBackend> backends() {
        List<NativeBackend> all = new ArrayList<>(List.of(Backends.choose("jni"), Backends.choose("jna")));
        if (Runtime.version().feature() >= Backends.FFM_FEATURE && FfmBackendFactory.create() != null
                && FfmBackendFactory.nativeAccessEnabled()) {
            all.add(Backends.choose("ffm"));
        }
        return all;
    }

    @Test
    void eachBackendDuplicatesTheSocketCloseOnExecAndClosesTheDuplicate() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(any);
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            FdSocket jdk = FdSocket.of(accepted);
            String socket = Files.readSymbolicLink(Path.of("/proc/self/fd/" + jdk.fd())).toString();
            for (NativeBackend b : backends()) {
                int dup = (int) jdk.withFd(b::dupCloexec);
                assertTrue(dup >= 0, b.name() + ": " + dup);
                assertNotEquals(jdk.fd(), dup, b.name());
                Path link = Path.of("/proc/self/fd/" + dup);
                assertEquals(socket, Files.readSymbolicLink(link).toString(), b.name() + ": the same socket");
                assertTrue((flags(dup) & O_CLOEXEC) != 0, b.name() + ": close-on-exec");
                assertEquals(0, b.close(dup), b.name());
                assertTrue(!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || !Files.readSymbolicLink(link).toString().equals(socket), b.name() + ": closed");
                assertEquals(-EBADF, b.dupCloexec(-1), b.name() + ": errno is returned");
            }
            assertTrue(accepted.isOpen(), "the JDK's fd is untouched");
        }
    }

    private static int flags(int fd) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring(6).trim(), 8);
            }
        }
        throw new IllegalStateException("no flags in /proc/self/fdinfo/" + fd);
    }
}
