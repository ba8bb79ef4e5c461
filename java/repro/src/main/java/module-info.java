/**
 * The sockopt4j command: reproductions of TCP RST data loss on the running kernel
 * ({@code sockopt4j repro}), what real clients see ({@code sockopt4j clients}, {@code sockopt4j servers})
 * and what this machine supports ({@code sockopt4j platform}).
 */
module io.github.sockopt4j.repro {
    requires io.github.sockopt4j;
    requires io.github.sockopt4j.testkit;
    requires io.github.sockopt4j.tomcat;
    requires io.github.sockopt4j.jetty;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports io.github.sockopt4j.repro;
    exports io.github.sockopt4j.repro.clients;
    exports io.github.sockopt4j.repro.servers;

    opens io.github.sockopt4j.repro to info.picocli, com.fasterxml.jackson.databind;
    opens io.github.sockopt4j.repro.clients to info.picocli, com.fasterxml.jackson.databind;
    opens io.github.sockopt4j.repro.servers to info.picocli;
}
