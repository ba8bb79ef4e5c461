package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The JNI library's one-call look and {@link QueueLook#run}'s separate calls (what JNA and FFM
 * do) make the same steps, read the same values and fail at the same step.
 */
class QueueLookTest {
    private static final int[] MODES = {QueueLook.LINGER_NEVER, QueueLook.LINGER_IF_NOTHING_UNREAD,
        QueueLook.LINGER_ALWAYS};

    /** The look's ints: return value, unread, queued, unsent, linger length, failed step, l_onoff, l_linger. */
    private static int[] look(NativeBackend backend, boolean oneCall, int fd, int lingerWhen) {
        NativeBuffer b = backend.allocate(8 + QueueLook.SIZE);
        for (int i = 0; i < QueueLook.SIZE; i += 4) {
            b.putInt(8 + i, 0x5a5a5a5a); // what a step leaves unwritten shows
        }
        int r = oneCall ? backend.queueLook(fd, b, 8, lingerWhen) : QueueLook.run(backend, fd, b, 8, lingerWhen);
        int lingerLength = b.getInt(8 + QueueLook.LINGER_LENGTH);
        return new int[] {r, b.getInt(8 + QueueLook.UNREAD), b.getInt(8 + QueueLook.QUEUED),
            b.getInt(8 + QueueLook.UNSENT), lingerLength, b.getInt(8 + QueueLook.FAILED_STEP),
            lingerLength == 0 ? 0 : b.getInt(8 + QueueLook.LINGER_ONOFF),
            lingerLength == 0 ? 0 : b.getInt(8 + QueueLook.LINGER_SECONDS)};
    }

    private static void assertSameEverywhere(int fd, int lingerWhen, int[] expected) {
        NativeBackend jni = Backends.choose("jni");
        NativeBackend jna = Backends.choose("jna");
        for (int[] got : new int[][] {look(jni, true, fd, lingerWhen), look(jni, false, fd, lingerWhen),
            look(jna, true, fd, lingerWhen)}) {
            if (expected[0] < 0) { // a failure: only the return value and the step are defined
                assertEquals(expected[0], got[0], "-errno");
                assertEquals(expected[5], got[5], "failed step");
            } else {
                assertEquals(Arrays.toString(expected), Arrays.toString(got), "lingerWhen " + lingerWhen);
            }
        }
    }

    @Test
    void unreadUnsentAndLingerAreReadAlikeByEveryRoute() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            accepted.setOption(StandardSocketOptions.SO_LINGER, 7);
            client.write(ByteBuffer.wrap(new byte[300]));
            int fd = JdkSocketHandle.of(accepted).fd();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (look(Backends.choose("jni"), true, fd, QueueLook.LINGER_NEVER)[1] != 300) {
                assertTrue(System.nanoTime() < deadline, "300 bytes never arrived");
                Thread.sleep(1);
            }
            // Unread bytes: the linger is read only when asked for always.
            assertSameEverywhere(fd, QueueLook.LINGER_NEVER, new int[] {0, 300, 0, 0, 0, 1, 0, 0});
            assertSameEverywhere(fd, QueueLook.LINGER_IF_NOTHING_UNREAD, new int[] {0, 300, 0, 0, 0, 1, 0, 0});
            assertSameEverywhere(fd, QueueLook.LINGER_ALWAYS, new int[] {0, 300, 0, 0, 8, 3, 1, 7});
            accepted.read(ByteBuffer.allocate(300));
            for (int mode : MODES) {
                int[] expected = mode == QueueLook.LINGER_NEVER ? new int[] {0, 0, 0, 0, 0, 1, 0, 0}
                        : new int[] {0, 0, 0, 0, 8, 3, 1, 7};
                assertSameEverywhere(fd, mode, expected);
            }
            // A full send queue (the client reads nothing): SIOCOUTQNSD splits it.
            accepted.setOption(StandardSocketOptions.SO_LINGER, -1); // else the close waits 7 s for the queue
            accepted.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 64 && accepted.write(chunk.clear()) > 0; i++) {
                // until the client's window and our send buffer are full
            }
            int[] settled = look(Backends.choose("jni"), true, fd, QueueLook.LINGER_NEVER);
            for (int i = 0; i < 100; i++) { // the queue stops changing once the window is closed
                Thread.sleep(20);
                int[] now = look(Backends.choose("jni"), true, fd, QueueLook.LINGER_NEVER);
                if (Arrays.equals(now, settled)) {
                    break;
                }
                settled = now;
            }
            assertTrue(settled[2] > 0 && settled[3] > 0 && settled[3] <= settled[2], Arrays.toString(settled));
            assertEquals(2, settled[5], "SIOCOUTQNSD was the last step");
            assertSameEverywhere(fd, QueueLook.LINGER_NEVER, settled);
        }
    }

    @Test
    void aFailureNamesTheStepThatFailed() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int einval = ConstantTable.get("EINVAL");
            int fd = JdkSocketHandle.of(server).fd();
            for (int mode : MODES) {
                assertSameEverywhere(fd, mode, new int[] {-einval, 0, 0, 0, 0, 0, 0, 0}); // SIOCINQ on a listener
            }
        }
        assertSameEverywhere(-1, QueueLook.LINGER_ALWAYS, new int[] {-ConstantTable.get("EBADF"), 0, 0, 0, 0, 0, 0, 0});
        assertEquals("ioctl(SIOCINQ)", QueueLook.step(0));
        assertEquals("getsockopt(SO_LINGER)", QueueLook.step(3));
    }
}
