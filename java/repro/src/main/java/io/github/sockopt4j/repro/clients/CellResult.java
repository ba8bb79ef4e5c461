package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.ClientOutcome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trials of one client against one server setup.
 *
 * @param client    the client
 * @param scenario  what the server did
 * @param close     how it closed
 * @param kind      the JDK TLS API, for TLS scenarios
 * @param trials    trials run (0 when the client is missing)
 * @param delivered trials in which the client reported what the server sent
 * @param texts     each distinct thing the client said, with how many trials said it
 * @param missing   why the client did not run, when it is not installed
 * @param server    what the server did and its close report, in the first trial that differs from
 *                  the client's expectation (or in the first trial)
 */
public record CellResult(RealClient client, ClientScenario scenario, ServerClose close, TlsServerKind kind,
                         int trials, int delivered, Map<String, Integer> texts, Optional<String> missing,
                         String server) {

    static CellResult missing(RealClient client, ClientScenario scenario, ServerClose close, TlsServerKind kind,
                              String why) {
        return new CellResult(client, scenario, close, kind, 0, 0, Map.of(), Optional.of(why), "");
    }

    static CellResult of(RealClient client, ClientScenario scenario, ServerClose close, TlsServerKind kind,
                         List<ClientOutcome> outcomes, String server) {
        Map<String, Integer> texts = new LinkedHashMap<>();
        outcomes.forEach(o -> texts.merge(o.text(), 1, Integer::sum));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        texts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        int delivered = (int) outcomes.stream().filter(ClientOutcome::delivered).count();
        return new CellResult(client, scenario, close, kind, outcomes.size(), delivered, sorted, Optional.empty(), server);
    }

    /**
     * Whether the close strategy could act at all: after a failed handshake JSSE has already
     * closed an accepted {@code SSLSocket}, so what the strategy would do never happens.
     */
    public boolean strategyActed() {
        return !(scenario.requiresClientCertificate() && kind == TlsServerKind.ACCEPTED_SSL_SOCKET);
    }

    /** The strategy promises delivery and could act: every trial must have delivered. */
    public boolean promised() {
        return close.promisesDelivery() && strategyActed();
    }

    /** Every trial delivered. */
    public boolean allDelivered() {
        return missing.isEmpty() && trials > 0 && delivered == trials;
    }
}
