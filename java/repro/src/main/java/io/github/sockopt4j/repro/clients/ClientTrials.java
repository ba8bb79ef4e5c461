package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.ClientOutcome;

import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.testkit.SelfSignedTls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs real clients against the JDK server, one connection at a time: per trial the client
 * starts, the server serves and closes, and the client's own report is read.
 */
public final class ClientTrials implements AutoCloseable {
    private final TrialServer server;
    private final Uploads uploads;
    private final LingeringCloser closer;

    public ClientTrials() throws IOException {
        server = new TrialServer();
        uploads = new Uploads();
        closer = LingeringCloser.start();
    }

    /** {@code trials} runs of one cell; a missing client is reported as such, with no trial. */
    public CellResult run(RealClient client, ClientScenario scenario, ServerClose close, TlsServerKind kind, int trials)
            throws IOException, InterruptedException {
        if (!scenario.takes(client)) {
            throw new IllegalArgumentException(client.id() + " does not take " + scenario.id());
        }
        if (close == ServerClose.CLOSER && scenario.tls() && !kind.channel()) {
            throw new IllegalArgumentException("a LingeringCloser takes SocketChannels, not a " + kind.label());
        }
        if (client.missing().isPresent()) {
            return CellResult.missing(client, scenario, close, kind, client.missing().get());
        }
        int port = server.port(kind);
        List<ClientOutcome> outcomes = new ArrayList<>();
        String firstServer = null;
        String lostServer = null;
        for (int i = 0; i < trials; i++) {
            RealClient.Running running = client.start(scenario.expectedReport(), port, uploads.of(scenario),
                    SelfSignedTls.get().certificatePem());
            String did;
            try {
                did = server.serve(scenario, close, kind, closer);
            } catch (IOException e) {
                did = "server failed: " + e;
            }
            ClientOutcome o = running.outcome(port);
            outcomes.add(o);
            firstServer = firstServer == null ? did : firstServer;
            lostServer = lostServer == null && !o.delivered() ? did : lostServer;
        }
        return CellResult.of(client, scenario, close, kind, outcomes, lostServer != null ? lostServer : firstServer);
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            closer.close();
        }
    }
}
