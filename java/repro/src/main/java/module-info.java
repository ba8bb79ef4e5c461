/**
 * The sockopt4j command: reproductions of TCP RST data loss on the running kernel
 * ({@code sockopt4j repro}) and what this machine supports ({@code sockopt4j platform}).
 */
module io.github.sockopt4j.repro {
    requires io.github.sockopt4j;
    requires io.github.sockopt4j.testkit;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports io.github.sockopt4j.repro;
    exports io.github.sockopt4j.repro.clients;

    opens io.github.sockopt4j.repro to info.picocli, com.fasterxml.jackson.databind;
    opens io.github.sockopt4j.repro.clients to info.picocli, com.fasterxml.jackson.databind;
}
