package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.repro.TextTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The table {@code sockopt4j clients} prints: one row per client, scenario and close. */
final class ClientsTable {
    private static final String[] HEADER = {"scenario", "client", "server", "server close", "got it", "what the client said"};

    private ClientsTable() {}

    static void print(PrintStream out, List<CellResult> cells, int trials) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CellResult c : cells) {
            rows.add(new String[] {
                c.scenario().id(),
                c.client().id(),
                server(c),
                c.close().label() + (c.strategyActed() ? "" : " *"),
                c.missing().isPresent() ? "-" : c.delivered() + "/" + c.trials(),
                c.missing().orElseGet(() -> c.texts().entrySet().stream()
                        .map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining(" | ")))});
        }
        TextTable.print(out, rows);
        out.println();
        out.println("got it: trials (of " + trials + " per cell) in which the client reported what the server sent:");
        for (ClientScenario s : ClientScenario.values()) {
            out.println("  " + s.id() + ": " + s.expected() + ". " + s.serverDoes() + ".");
        }
        out.println("server: SocketChannel (plain HTTP); SSLEngine over a SocketChannel; a layered SSLSocket (autoClose = false,");
        out.println("  the plain socket closed); an accepted SSLSocket (from an SSLServerSocket; JSSE closes it when a handshake fails).");
        out.println("Every record (413, alert, close_notify) is written before the close. * JSSE had closed the socket itself");
        out.println("  (a failed handshake on an accepted SSLSocket): the strategy could not act.");
    }

    /** What the server closes, for the table and the JSON. */
    static String server(CellResult c) {
        return c.scenario().tls() ? c.kind().label() : "SocketChannel";
    }
}
