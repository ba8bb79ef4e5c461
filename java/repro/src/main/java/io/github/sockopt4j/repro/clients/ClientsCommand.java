package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.testkit.clients.RealClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sockopt4j clients}: real clients (Python, wget, curl, Java's HttpClient, openssl) against
 * a JDK server that answers early or ends TLS, closed four ways. Exits 1 when a strategy that
 * promises delivery (lingering, the closer) lost a response or alert where it could act (not on an
 * accepted SSLSocket that JSSE closed after a failed handshake), or a client is missing.
 */
@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "Run real HTTP and TLS clients against a JDK server and report what each client saw.")
public final class ClientsCommand implements Callable<Integer> {
    /** About 25 s for every cell here, so that `make repro` stays short; the docs' table used more. */
    static final int DEFAULT_TRIALS = 5;
    static final int MAX_TRIALS = 1000;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "" + DEFAULT_TRIALS,
            description = "Trials per cell (default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--json", description = "Print the cells as JSON instead of the table.")
    boolean json;

    @Option(names = "--client", paramLabel = "ID", description = "Only this client (repeatable): ${COMPLETION-CANDIDATES}.")
    List<String> clients = new ArrayList<>();

    @Option(names = "--scenario", paramLabel = "ID", description = "Only this scenario (repeatable).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--close", paramLabel = "ID", description = "Only this close (repeatable): jdk-close, plain, lingering, closer.")
    List<String> closes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("--trials " + trials + " is out of range: [1, " + MAX_TRIALS + "]");
        }
        List<RealClient> cs = pick(clients, RealClient.values(), RealClient::byId, RealClient::id, "client");
        List<ClientScenario> ss = pick(scenarios, ClientScenario.values(), ClientScenario::byId, ClientScenario::id, "scenario");
        List<ServerClose> ks = pick(closes, ServerClose.values(), ServerClose::byId, ServerClose::id, "close");
        List<CellResult> cells = new ArrayList<>();
        boolean terminal = System.console() != null;
        try (ClientTrials run = new ClientTrials()) {
            for (ClientScenario s : ss) {
                for (RealClient c : cs) {
                    if (!s.takes(c)) {
                        continue;
                    }
                    for (TlsServerKind kind : s.tls() ? List.of(TlsServerKind.values()) : List.of(TlsServerKind.SSL_ENGINE)) {
                        for (ServerClose k : ks) {
                            if (k == ServerClose.CLOSER && s.tls() && !kind.channel()) {
                                continue; // the closer takes channels only
                            }
                            if (terminal) {
                                System.err.printf("\r%-20s %-18s %-12s", s.id(), c.id(), k.id());
                            }
                            cells.add(run.run(c, s, k, kind, trials));
                        }
                    }
                }
            }
        }
        if (terminal) {
            System.err.printf("\r%-60s\r", "");
        }
        PrintStream out = System.out;
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    cells.stream().map(ClientsCommand::jsonOf).collect(Collectors.toList())));
        } else {
            ClientsTable.print(out, cells, trials);
        }
        boolean ok = cells.stream().allMatch(c -> c.missing().isEmpty() && (!c.promised() || c.allDelivered()));
        return ok ? 0 : 1;
    }

    private static Map<String, Object> jsonOf(CellResult c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client", c.client().id());
        m.put("scenario", c.scenario().id());
        m.put("close", c.close().id());
        m.put("strategyActed", c.strategyActed());
        m.put("server", ClientsTable.server(c));
        m.put("trials", c.trials());
        m.put("delivered", c.delivered());
        m.put("clientSaid", c.texts());
        c.missing().ifPresent(why -> m.put("missing", why));
        m.put("serverDid", c.server());
        return m;
    }

    private static <T> List<T> pick(List<String> ids, T[] all, Function<String, Optional<T>> byId,
                                    Function<T, String> idOf, String what) {
        if (ids.isEmpty()) {
            return List.of(all);
        }
        List<T> chosen = new ArrayList<>();
        for (String id : ids) {
            chosen.add(byId.apply(id).orElseThrow(() -> new IllegalArgumentException("no " + what + " " + id + "; known: "
                    + Arrays.stream(all).map(idOf).collect(Collectors.joining(", ")))));
        }
        return chosen;
    }
}
