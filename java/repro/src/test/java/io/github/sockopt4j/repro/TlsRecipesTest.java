package io.github.sockopt4j.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.repro.clients.CellResult;
import io.github.sockopt4j.repro.clients.ClientScenario;
import io.github.sockopt4j.repro.clients.ClientTrials;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.repro.clients.ServerClose;
import io.github.sockopt4j.repro.clients.TlsServerKind;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS recipes of the docs, against real TLS clients: in every trial the client must report
 * the server's fatal alert (it sent no certificate; the server requires one) or the 413 that came
 * with {@code close_notify} while it was still uploading 8 MiB. Trials per cell:
 * {@code -Dsockopt4j.tlsTrials} (default {@value #DEFAULT_TRIALS}).
 */
class TlsRecipesTest {
    /**
     * 50 trials in each of the 21 cells take about 40 s here per JDK pass (three passes in
     * `make test`); with a plain close instead, most cells lose trials at 20 already.
     */
    static final int DEFAULT_TRIALS = 50;
    private static final int TRIALS = Integer.getInteger("sockopt4j.tlsTrials", DEFAULT_TRIALS);
    private static final RealClient[] CLIENTS = {RealClient.OPENSSL_S_CLIENT, RealClient.PYTHON_SSL, RealClient.CURL_HTTPS};

    private static ClientTrials trials;

    @BeforeAll
    static void start() throws Exception {
        trials = new ClientTrials();
    }

    @AfterAll
    static void stop() throws Exception {
        trials.close();
    }

    /**
     * The recipes: SSLEngine then Close.lingering or the closer; a layered SSLSocket then
     * Close.lingering(plain); and, after a response only, Close.lingering of an accepted
     * SSLSocket (after a failed handshake JSSE has closed that one itself: no recipe there).
     */
    static List<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (ClientScenario scenario : List.of(ClientScenario.TLS_FATAL_ALERT, ClientScenario.TLS_CLOSE_NOTIFY)) {
            for (RealClient client : CLIENTS) {
                cells.add(Arguments.of(TlsServerKind.SSL_ENGINE, ServerClose.LINGERING, client, scenario));
                cells.add(Arguments.of(TlsServerKind.SSL_ENGINE, ServerClose.CLOSER, client, scenario));
                cells.add(Arguments.of(TlsServerKind.LAYERED_SSL_SOCKET, ServerClose.LINGERING, client, scenario));
                if (scenario == ClientScenario.TLS_CLOSE_NOTIFY) {
                    cells.add(Arguments.of(TlsServerKind.ACCEPTED_SSL_SOCKET, ServerClose.LINGERING, client, scenario));
                }
            }
        }
        return cells;
    }

    @ParameterizedTest(name = "{0} + {1}: {2} sees {3}")
    @MethodSource("cells")
    void everyTrialsClientGetsTheAlertOrTheResponse(TlsServerKind kind, ServerClose close, RealClient client,
                                                   ClientScenario scenario) throws Exception {
        assertTrue(client.missing().isEmpty(), () -> client.id() + ": " + client.missing().get());
        CellResult cell = trials.run(client, scenario, close, kind, TRIALS);
        assertEquals(TRIALS, cell.trials());
        assertEquals(TRIALS, cell.delivered(), () -> client.id() + " did not report " + scenario.expected()
                + " in every trial; it said " + cell.texts() + "; the server, in a trial it lost: " + cell.server());
    }
}
