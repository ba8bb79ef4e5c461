/** sockopt4j: native socket controls and precise TCP close semantics for Java servers. */
module io.github.sockopt4j {
    requires com.sun.jna;
    requires org.slf4j;
    requires static info.picocli;
    requires static com.fasterxml.jackson.databind;

    exports io.github.sockopt4j;
    exports io.github.sockopt4j.repro;

    opens io.github.sockopt4j.repro to info.picocli, com.fasterxml.jackson.databind;
}
