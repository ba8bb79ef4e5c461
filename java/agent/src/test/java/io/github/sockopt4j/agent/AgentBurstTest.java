package io.github.sockopt4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.agent.apps.UndertowApp;
import io.github.sockopt4j.testkit.Await;
import io.github.sockopt4j.testkit.AppProcess;
import io.github.sockopt4j.testkit.PeerProcess;
import io.github.sockopt4j.testkit.UploadBurst;
import io.github.sockopt4j.testkit.UploadOutcome;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 19,000 rejected uploads through the agent: embedded Undertow in a child JVM with the agent,
 * the peers ({@link UploadBurst}) in another. Each upload declares 8 MiB, sends 64 KiB, reads;
 * Undertow answers 413 and closes with the body unread. Every peer must read the whole 413 and
 * then our FIN (no reset: each close was taken and lingered), and the server JVM's fd count must
 * come back to where it was before the burst: no duplicate is left open.
 */
class AgentBurstTest {
    private static final int UPLOADS = 19_000;
    private static final long DECLARED = 8L << 20;
    private static final int SENT = 64 * 1024;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyUploadReadsThe413ThenFinAndTheServersFdsComeBack() throws Exception {
        // idle=10s: a peer probes 500 ms after our FIN, then closes; on a loaded machine later than 2 s.
        try (AppProcess app = AppProcess.start(ChildJvm.classPath(),
                List.of(ChildJvm.agentFlag("idle=10s,maxPending=" + UPLOADS)), "Started UploadApp",
                UndertowApp.class.getName())) {
            warmUp(app.port());
            long before = waitForStable(app.pid());
            Map<String, Long> result;
            long peak = before;
            long t0 = System.nanoTime();
            try (PeerProcess peers = UploadBurst.start(app.port(), UPLOADS, "/upload", DECLARED, SENT, 413, false)) {
                // Bounded: the peers report by their run limit.
                long deadline = System.nanoTime() + Duration.ofMillis(UploadBurst.RUN_LIMIT_MILLIS + 10_000).toNanos();
                while (!peers.hasResult() && System.nanoTime() - deadline < 0) {
                    peak = Math.max(peak, fds(app.pid()));
                    Thread.sleep(50);
                }
                result = peers.result(Duration.ofSeconds(5));
            }
            long burstMillis = (System.nanoTime() - t0) / 1_000_000;
            boolean back = Await.within(Duration.ofSeconds(30), () -> fds(app.pid()) <= before);
            System.out.printf("AgentBurstTest: %d uploads in %d ms: %s; server fds %d before, peak %d, after %d%n",
                    UPLOADS, burstMillis, result, before, peak, fds(app.pid()));
            assertEquals(UploadOutcome.only(UploadOutcome.RESPONSE_EOF, UPLOADS), UploadOutcome.tally(result),
                    "every upload read the 413 then FIN");
            assertTrue(back, "the server's fds back to " + before + ": " + fds(app.pid()));
            assertTrue(peak > before + 100, "the burst was seen in the server's fds (peak " + peak + ")");
        }
    }

    /** The child's open fds ({@code /proc/<pid>/fd}). */
    private static long fds(long pid) {
        String[] list = new File("/proc/" + pid + "/fd").list();
        return list == null ? -1 : list.length;
    }

    /** The count once it has not moved for half a second (XNIO and the closer opened theirs), at most 10 s. */
    private static long waitForStable(long pid) throws InterruptedException {
        long last = fds(pid);
        for (int i = 0; i < 100; i++) {
            Thread.sleep(500);
            long now = fds(pid);
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** One rejected upload first, so that what its close opens for good (the closer's epoll) is in the count before. */
    private static void warmUp(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + DECLARED + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[SENT]);
            InputStream in = s.getInputStream();
            String response = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
        }
    }
}
