package io.github.sockopt4j.testkit.clients;

import io.github.sockopt4j.testkit.Await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Real-client trials against a server whose closes are observed ({@code mode=observe}) or
 * lingering: after each trial, how many closes the server reported and how many of them sent RST,
 * read from wherever the test reads them (a {@code CloseListener}, {@code /actuator/prometheus}).
 * One trial at a time, so that each report belongs to its trial.
 */
public final class ObservedTrials {
    /** How long a trial's close may take to show in the counts after its client ended. */
    public static final Duration REPORT_WAIT = Duration.ofSeconds(10);

    /** A count the test reads: the closes reported so far, or those that sent RST. */
    @FunctionalInterface
    public interface Count {
        double now() throws Exception;
    }

    /**
     * One trial: whether its client saw the reset (it lost the response), the RSTs counted in its
     * time, the client's own words, and when it ran.
     */
    public record Trial(boolean reset, int rsts, String client, Instant start, Instant end) {}

    private ObservedTrials() {}

    /**
     * {@code trials} uploads by {@code client}, one at a time; each waits until the server has
     * reported at least one more close ({@code closes}) and then reads {@code rsts}.
     */
    public static List<Trial> run(RealClient client, int port, Upload upload, Path certificatePem, int trials,
                                  Count closes, Count rsts) throws Exception {
        client.requireInstalled();
        List<Trial> done = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            double rstsBefore = rsts.now();
            double closesBefore = closes.now();
            Instant start = Instant.now();
            ClientOutcome outcome = client.trials(Expected.STATUS_413, port, upload, certificatePem, 1).get(0);
            Await.until("trial " + (i + 1) + "'s close reported", REPORT_WAIT, () -> closes.now() > closesBefore);
            done.add(new Trial(!outcome.delivered(), (int) (rsts.now() - rstsBefore), outcome.text(), start,
                    Instant.now()));
        }
        return done;
    }

    /** Asserts that in every trial the RSTs counted equal the reset the client saw (1 or 0). */
    public static void assertRstsEqualResets(String what, List<Trial> trials) {
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            if (t.rsts() != (t.reset() ? 1 : 0)) {
                throw new AssertionError(what + ", trial " + (i + 1) + ": " + t.rsts() + " RSTs counted, the client "
                        + (t.reset() ? "saw a reset" : "got the response") + ": " + t);
            }
        }
    }

    /**
     * Asserts that an RST was counted only in trials whose client saw a reset: for servers that
     * may close with nothing unread while the client still sends (the kernel's RST then follows
     * the close, where no report is), so that some resets go unreported.
     */
    public static void assertRstsOnlyWhereReset(String what, List<Trial> trials) {
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            if (t.rsts() > (t.reset() ? 1 : 0)) {
                throw new AssertionError(what + ", trial " + (i + 1) + ": " + t.rsts() + " RSTs counted, the client "
                        + (t.reset() ? "saw one reset" : "got the response") + ": " + t);
            }
        }
    }

    /** How many of the trials' clients saw the reset. */
    public static long resets(List<Trial> trials) {
        return trials.stream().filter(Trial::reset).count();
    }
}
