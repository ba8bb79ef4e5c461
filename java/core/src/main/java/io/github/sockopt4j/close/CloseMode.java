package io.github.sockopt4j.close;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a server integration (the Tomcat and Jetty modules, the Netty handler, the Spring Boot
 * starter, the agent) does with the closes of its server.
 */
public enum CloseMode {
    /** Every close of a connection becomes a lingering close: half-close, drain, then close. */
    LINGER,
    /**
     * The server closes as it always did; sockopt4j reads the queues right before each close and
     * reports what it sent ({@link CloseStrategy#OBSERVED}): RST with the bytes unread and the
     * response bytes still unsent, or FIN. To measure the loss before turning lingering on.
     */
    OBSERVE,
    /** Nothing installed: the server's own closes, not reported. */
    OFF;

    /**
     * The mode named {@code value}, in any case.
     *
     * @param option the setting's name, for the message
     * @throws IllegalArgumentException naming the option, the value and the allowed ones
     */
    public static CloseMode parse(String option, String value) {
        String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (CloseMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(option + " = " + value + " is not one of: "
                + Arrays.stream(values()).map(CloseMode::toString).collect(Collectors.joining(", ")));
    }

    /** The name as users write it: {@code linger}, {@code observe}, {@code off}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
