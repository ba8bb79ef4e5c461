package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * 1,000 lingering closes on virtual threads pin no carrier: the drain waits in JDK reads, which
 * unmount the virtual thread. Detected with the JFR event {@code jdk.VirtualThreadPinned}
 * recorded without threshold, counting the events whose stack passes through sockopt4j's own
 * classes. A warm-up close runs first: loading and initializing a class pins a virtual thread
 * that waits for it, once per class, in any library (the first version of this test caught
 * exactly that, in JDK and sockopt4j classes alike, which shows the recording works). JDK 21+ only (the build targets 17, so virtual threads are reached
 * by reflection); CI runs the suite on JDK 25 too.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class CloseVirtualThreadTest {
    private static final int CLOSES = 1000;
    /** Connections open at once: two fds each, far below the fd limit. */
    private static final int BATCH = 100;
    private static final int RESPONSE = 10_000;
    private static final Set<String> LIBRARY_CLASSES = Set.of("io.github.sockopt4j.Close",
            "io.github.sockopt4j.CloseTarget", "io.github.sockopt4j.NativeSocket", "io.github.sockopt4j.SocketQueues");

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void thousandLingeringClosesOnVirtualThreadsPinNoCarrier() throws Exception {
        Path file = Files.createTempFile("sockopt4j-pinned", ".jfr");
        ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
        try {
            virtualThreads.submit(() -> lingeringClose(virtualThreads)).get(30, TimeUnit.SECONDS);
            try (Recording recording = new Recording()) {
                recording.enable("jdk.VirtualThreadPinned").withoutThreshold().withStackTrace();
                recording.start();
                try {
                    for (int done = 0; done < CLOSES; done += BATCH) {
                        List<Future<CloseReport>> batch = new ArrayList<>();
                        for (int i = 0; i < BATCH; i++) {
                            batch.add(virtualThreads.submit(() -> lingeringClose(virtualThreads)));
                        }
                        for (Future<CloseReport> close : batch) {
                            CloseReport report = close.get(30, TimeUnit.SECONDS);
                            assertEquals(DrainEnd.PEER_EOF, report.drainEnd(), report.toString());
                            assertEquals(FinalSignal.FIN, report.finalSignal(), report.toString());
                        }
                    }
                } finally {
                    recording.stop();
                }
                recording.dump(file);
            }
            List<RecordedEvent> all = RecordingFile.readAllEvents(file);
            List<RecordedEvent> pinned = all.stream().filter(CloseVirtualThreadTest::inLibrary).collect(Collectors.toList());
            System.out.printf("CloseVirtualThreadTest: %d pinned events, %d in sockopt4j%n", all.size(), pinned.size());
            assertTrue(pinned.isEmpty(), () -> pinned.size() + " of " + all.size() + " pinned events in sockopt4j, e.g.\n"
                    + pinned.stream().limit(3).map(RecordedEvent::toString).collect(Collectors.joining("\n")));
        } finally {
            virtualThreads.shutdownNow();
            Files.deleteIfExists(file);
        }
    }

    private static boolean inLibrary(RecordedEvent event) {
        return event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                .anyMatch(frame -> LIBRARY_CLASSES.contains(frame.getMethod().getType().getName())
                        || frame.getMethod().getType().getName().startsWith("io.github.sockopt4j.internal."));
    }

    /** X writes a response and closes lingering while Y, on another virtual thread, reads it and closes. */
    private static CloseReport lingeringClose(ExecutorService virtualThreads) throws Exception {
        try (LoopbackPair p = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            Future<PeerRead> peer = virtualThreads.submit(() -> CloseStrategiesTest.readThenClose(p));
            p.x.getOutputStream().write(new byte[RESPONSE]);
            CloseReport report = p.lingering(LingerPolicy.DEFAULT);
            PeerRead read = peer.get(30, TimeUnit.SECONDS);
            assertEquals(PeerRead.End.EOF, read.end(), read.toString());
            assertEquals(RESPONSE, read.bytes());
            return report;
        }
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
