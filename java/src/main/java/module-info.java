/**
 * sockopt4j: native socket controls and precise TCP close semantics for Java servers.
 *
 * <p><b>Native access.</b> sockopt4j calls the C library through FFM (JDK 22+) or JNA. Grant it
 * native access, or JDK 24+ warns (and {@code --illegal-native-access=deny} refuses):
 * {@code --enable-native-access=io.github.sockopt4j} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path (JNA's module {@code com.sun.jna}
 * too, when JNA is used from the module path). Without the grant sockopt4j uses JNA on JDK 22+
 * as well; see the README, "Native backends".
 */
module io.github.sockopt4j {
    requires com.sun.jna;
    requires org.slf4j;
    requires static info.picocli;
    requires static com.fasterxml.jackson.databind;

    exports io.github.sockopt4j;
    exports io.github.sockopt4j.repro;

    opens io.github.sockopt4j.repro to info.picocli, com.fasterxml.jackson.databind;
}
