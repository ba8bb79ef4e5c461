package io.github.sockopt4j.repro.servers;

import io.github.sockopt4j.repro.TextTable;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.Outcomes;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;
import io.github.sockopt4j.jetty.LingeringServerConnector;
import io.github.sockopt4j.testkit.servers.EarlyResponseJetty;
import io.github.sockopt4j.testkit.servers.EarlyResponseTomcat;
import io.github.sockopt4j.tomcat.LingeringHttp11NioProtocol;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.util.ServerInfo;
import org.eclipse.jetty.util.Jetty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sockopt4j servers}: real HTTP clients upload 8 MiB to an embedded Tomcat, then an embedded
 * Jetty, at their defaults, that answer 413 after reading 100 bytes, closing the way the server does
 * and with sockopt4j-tomcat / sockopt4j-jetty. Exits 1 when a client missed the 413 with sockopt4j,
 * or is not installed.
 */
@Command(name = "servers", mixinStandardHelpOptions = true,
        description = "Run real HTTP clients against an embedded Tomcat and an embedded Jetty that answer an upload"
                + " with an early 413, with the server's own close and with sockopt4j-tomcat / sockopt4j-jetty.")
public final class ServersCommand implements Callable<Integer> {
    static final int MAX_TRIALS = 1000;
    /**
     * Quiet: Tomcat's start and stop lines and the connector's install line, a few per cell.
     * Held here, since java.util.logging keeps only weak references to its loggers.
     */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.apache"),
            Logger.getLogger("io.github.sockopt4j.tomcat"));
    static final List<RealClient> CLIENTS = List.of(RealClient.PYTHON_HTTP_CLIENT, RealClient.PYTHON_URLLIB,
            RealClient.PYTHON_REQUESTS, RealClient.WGET, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL);

    @Option(names = "--trials", paramLabel = "N", defaultValue = "5", description = "Trials per cell (default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--bytes", paramLabel = "N", defaultValue = "" + (8 << 20),
            description = "The upload's size (default ${DEFAULT-VALUE}: well above Tomcat's 2 MiB maxSwallowSize).")
    int bytes;

    @Option(names = "--client", paramLabel = "ID", description = "Only this client (repeatable).")
    List<String> clients = new ArrayList<>();

    @Option(names = "--server", paramLabel = "NAME", defaultValue = "all",
            description = "tomcat, jetty or all (default ${DEFAULT-VALUE}).")
    String server;

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("--trials " + trials + " is out of range: [1, " + MAX_TRIALS + "]");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("--bytes " + bytes + " is out of range: [1, " + Integer.MAX_VALUE + "]");
        }
        List<RealClient> chosen = new ArrayList<>();
        for (String id : clients) {
            chosen.add(CLIENTS.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no client " + id + "; known: " + CLIENTS.stream().map(RealClient::id)
                            .reduce((a, b) -> a + ", " + b).orElse(""))));
        }
        if (chosen.isEmpty()) {
            chosen = CLIENTS;
        }
        if (!List.of("tomcat", "jetty", "all").contains(server)) {
            throw new IllegalArgumentException("--server " + server + " is not one of: tomcat, jetty, all");
        }
        QUIET.forEach(l -> l.setLevel(Level.SEVERE));
        // Jetty logs through SLF4J (slf4j-simple here): its start lines and the connector's, a few per cell
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.github.sockopt4j.jetty", "warn");
        Upload upload = Upload.of(bytes, "/upload");
        boolean ok = true;
        PrintStream out = System.out;
        if (!server.equals("jetty")) {
            ok &= table(out, chosen, "Tomcat", "sockopt4j-tomcat", ServerInfo.getServerInfo(),
                    (client, lingering) -> tomcatTrials(lingering ? LingeringHttp11NioProtocol.class.getName()
                            : EarlyResponseTomcat.TOMCAT_PROTOCOL, client, upload));
        }
        if (!server.equals("tomcat")) {
            if (!server.equals("jetty")) {
                out.println();
            }
            ok &= table(out, chosen, "Jetty", "sockopt4j-jetty", "Jetty " + Jetty.VERSION,
                    (client, lingering) -> jettyTrials(lingering ? LingeringServerConnector::new
                            : EarlyResponseJetty.JETTY_CONNECTOR, client, upload));
        }
        return ok ? 0 : 1;
    }

    /** One server's runs: a client's trials with the server's own close, or with sockopt4j's. */
    @FunctionalInterface
    private interface Trials {
        List<ClientOutcome> run(RealClient client, boolean lingering) throws Exception;
    }

    /** Prints one server's table; whether every client got every 413 with sockopt4j. */
    private boolean table(PrintStream out, List<RealClient> chosen, String name, String module, String version,
                          Trials trials) throws Exception {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"client", name + " alone", "with " + module});
        boolean ok = true;
        for (RealClient client : chosen) {
            String missing = client.missing().orElse(null);
            if (missing != null) {
                rows.add(new String[] {client.id(), missing, ""});
                ok = false;
                continue;
            }
            List<ClientOutcome> alone = trials.run(client, false);
            List<ClientOutcome> lingering = trials.run(client, true);
            ok &= Outcomes.delivered(lingering) == lingering.size();
            rows.add(new String[] {client.id(), cell(alone), cell(lingering)});
        }
        out.printf("%s (embedded, its defaults): a %d-byte upload answered 413 after 100 bytes read; %d trials per cell,"
                + " how many got the 413, and what the client said most%n%n", version, bytes, this.trials);
        TextTable.print(out, rows);
        return ok;
    }

    private List<ClientOutcome> jettyTrials(EarlyResponseJetty.Connectors connectors, RealClient client, Upload upload)
            throws Exception {
        try (EarlyResponseJetty jetty = EarlyResponseJetty.start(connectors, null, null)) {
            return client.trials(Expected.STATUS_413, jetty.port(), upload, null, trials);
        }
    }

    private List<ClientOutcome> tomcatTrials(String protocol, RealClient client, Upload upload) throws Exception {
        try (EarlyResponseTomcat tomcat = EarlyResponseTomcat.start(protocol, null, null, Map.of())) {
            return client.trials(Expected.STATUS_413, tomcat.port(), upload, null, trials);
        }
    }

    private static String cell(List<ClientOutcome> outcomes) {
        Map<String, Integer> tally = Outcomes.tally(outcomes);
        String most = tally.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        return Outcomes.delivered(outcomes) + "/" + outcomes.size() + " (" + most + ")";
    }
}
