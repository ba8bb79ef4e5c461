package io.github.sockopt4j.close;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every close's report reaches the listeners, named after what closed it; a failing listener changes nothing. */
class CloseListenerTest {
    private final List<String> heard = new ArrayList<>();
    private final List<CloseReport> reports = new ArrayList<>();

    /** Closes of other tests' threads (a shared closer finishing late) are not this test's. */
    private final Thread testThread = Thread.currentThread();

    private synchronized void hear(String integration, CloseReport report) {
        if (Thread.currentThread() != testThread && !integration.equals("Tomcat")) {
            return;
        }
        heard.add(integration);
        reports.add(report);
    }

    @Test
    void aStrategysReportIsHeardAsClose() throws Exception {
        try (CloseListener.Subscription s = CloseListener.add(this::hear);
             LoopbackPair pair = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            CloseReport report = Close.plain(pair.xChannel);
            synchronized (this) {
                assertEquals(List.of("Close"), heard);
                assertSame(report, reports.get(0));
            }
        }
    }

    @Test
    void aClosersReportsCarryItsIntegrationEvenOnOverflow() throws Exception {
        LingeringCloserOptions options = LingeringCloserOptions.DEFAULT.withIntegration("Tomcat").withMaxPending(1)
                .withOverflow(OverflowPolicy.ABORT).withPolicy(DrainPolicy.DEFAULT.withIdleTimeout(Duration.ofMillis(200)));
        try (CloseListener.Subscription s = CloseListener.add(this::hear);
             LingeringCloser closer = LingeringCloser.start(options);
             LoopbackPair lingering = LoopbackPair.open(LoopbackPair.Kind.CHANNEL);
             LoopbackPair overflowing = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            var drained = closer.submit(lingering.xChannel);   // the peer stays idle: pending until the idle timeout
            var aborted = closer.submit(overflowing.xChannel); // beyond maxPending: abortive, at once
            assertEquals(CloseStrategy.ABORTIVE, aborted.get(5, TimeUnit.SECONDS).strategy());
            assertEquals(DrainEnd.IDLE_TIMEOUT, drained.get(5, TimeUnit.SECONDS).drainEnd());
            synchronized (this) {
                assertEquals(List.of("Tomcat", "Tomcat"), heard);
            }
        }
    }

    @Test
    void aFailingListenerNeitherFailsTheCloseNorStopsTheOthers() throws Exception {
        try (CloseListener.Subscription failing = CloseListener.add((i, r) -> {
                 throw new IllegalStateException("planted");
             });
             CloseListener.Subscription s = CloseListener.add(this::hear);
             LoopbackPair pair = LoopbackPair.open(LoopbackPair.Kind.SOCKET)) {
            CloseReport report = Close.plain(pair.x);
            assertTrue(pair.x.isClosed());
            assertEquals(FinalSignal.FIN, report.finalSignal());
            synchronized (this) {
                assertEquals(List.of("Close"), heard);
            }
        }
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws Exception {
        CloseListener.Subscription s = CloseListener.add(this::hear);
        s.close();
        s.close(); // idempotent
        try (LoopbackPair pair = LoopbackPair.open(LoopbackPair.Kind.CHANNEL)) {
            Close.plain(pair.xChannel);
        }
        synchronized (this) {
            assertEquals(List.of(), heard);
        }
    }
}
