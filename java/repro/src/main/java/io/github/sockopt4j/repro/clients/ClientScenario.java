package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.RealClient;

import java.util.Arrays;
import java.util.Optional;

/** What the server does to a real client, and what the client should get. */
public enum ClientScenario {
    EARLY_413_8MIB("early-413-8MiB", false, 8 << 20,
            "HTTP: reads the headers of an 8 MiB upload, answers 413, closes"),
    EARLY_413_64KIB("early-413-64KiB", false, 64 << 10,
            "HTTP: reads the headers of a 64 KiB upload, answers 413, closes"),
    TLS_FATAL_ALERT("tls-fatal-alert", true, 64 << 10,
            "TLS: requires a client certificate, gets none: fatal alert, closes (64 KiB request follows)"),
    TLS_CLOSE_NOTIFY("tls-close-notify", true, 8 << 20,
            "TLS: reads the headers of an 8 MiB upload, answers 413 and close_notify, closes");

    private final String id;
    private final boolean tls;
    private final int uploadBytes;
    private final String serverDoes;

    ClientScenario(String id, boolean tls, int uploadBytes, String serverDoes) {
        this.id = id;
        this.tls = tls;
        this.uploadBytes = uploadBytes;
        this.serverDoes = serverDoes;
    }

    public String id() {
        return id;
    }

    public boolean tls() {
        return tls;
    }

    /** The body the client sends after its request headers. */
    public int uploadBytes() {
        return uploadBytes;
    }

    public String serverDoes() {
        return serverDoes;
    }

    /** Whether the command's table runs {@code client} here: its own clients, of this scenario's protocol. */
    public boolean takes(RealClient client) {
        return client.inCommand() && client.tls() == tls;
    }

    /** The server asks for a client certificate the clients do not have. */
    public boolean requiresClientCertificate() {
        return this == TLS_FATAL_ALERT;
    }

    /** What the client must report for the trial to count as delivered. */
    public Expected expectedReport() {
        return this == TLS_FATAL_ALERT ? Expected.TLS_ALERT : Expected.STATUS_413;
    }

    /** {@link #expectedReport()} in words, for the table. */
    public String expected() {
        return this == TLS_FATAL_ALERT ? "the alert" : "the 413";
    }

    public static Optional<ClientScenario> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
