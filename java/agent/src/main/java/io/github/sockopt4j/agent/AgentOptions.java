package io.github.sockopt4j.agent;

import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.LingeringCloserOptions;
import io.github.sockopt4j.close.OverflowPolicy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's options, {@code -javaagent:sockopt4j-agent.jar=key=value,key=value}. Every key is
 * optional; the defaults deliver an early 413 when the client's body arrives after the close
 * ({@code when=always}, drain until the peer's FIN, 2 s idle, 30 s total, no byte cap).
 *
 * <ul>
 *   <li>{@code mode=linger|observe|off}: linger (default); observe leaves every JDK close as it is
 *       and reports it (the JFR event, the metrics); off installs nothing</li>
 *   <li>{@code when=always|unread}: hand every connected close over, or only those with unread bytes</li>
 *   <li>{@code idle}, {@code total}: the drain's timeouts ({@code 500ms}, {@code 2s}, {@code 1m}, {@code PT2S})</li>
 *   <li>{@code maxDrain}: the byte cap ({@code 65536}, {@code 64k}, {@code 8m}, {@code 1g}, {@code none})</li>
 *   <li>{@code maxPending}: closes draining at once (65536); {@code overflow=plain|abort|reject} beyond</li>
 *   <li>{@code threads}: the closer's threads (1)</li>
 * </ul>
 */
record AgentOptions(Mode mode, When when, LingeringCloserOptions closer) {
    enum Mode { LINGER, OBSERVE, OFF }

    enum When { ALWAYS, UNREAD }

    static final AgentOptions DEFAULT = new AgentOptions(Mode.LINGER, When.ALWAYS,
            LingeringCloserOptions.DEFAULT.withThreadName("sockopt4j-agent-closer").withIntegration("Agent"));

    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("mode", "linger|observe|off");
        KEYS.put("when", "always|unread");
        KEYS.put("idle", "a duration: 500ms, 2s, 1m or PT2S");
        KEYS.put("total", "a duration: 500ms, 30s, 1m or PT30S");
        KEYS.put("maxDrain", "bytes: 65536, 64k, 8m, 1g or none");
        KEYS.put("maxPending", "1.." + LingeringCloserOptions.MAX_PENDING);
        KEYS.put("overflow", "plain|abort|reject");
        KEYS.put("threads", "1.." + LingeringCloserOptions.MAX_THREADS);
    }

    /**
     * Parses the agent's argument (null or blank: the defaults).
     *
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    static AgentOptions parse(String args) {
        AgentOptions o = DEFAULT;
        if (args == null || args.isBlank()) {
            return o;
        }
        for (String item : args.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + entry + "' is not key=value; the keys: " + KEYS.keySet());
            }
            String key = entry.substring(0, eq).strip();
            String value = entry.substring(eq + 1).strip();
            String allowed = KEYS.get(key);
            if (allowed == null) {
                throw new IllegalArgumentException("unknown option '" + key + "'; the keys: " + KEYS.keySet());
            }
            try {
                o = o.with(key, value);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("option " + key + "=" + value + " is invalid; allowed: " + allowed
                        + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""), e);
            }
        }
        return o;
    }

    private AgentOptions with(String key, String value) {
        LingeringCloserOptions c = closer;
        DrainPolicy p = c.policy();
        switch (key) {
            case "mode":
                return new AgentOptions(Mode.valueOf(word(value)), when, c);
            case "when":
                return new AgentOptions(mode, When.valueOf(word(value)), c);
            case "idle":
                return new AgentOptions(mode, when, c.withPolicy(p.withIdleTimeout(duration(value))));
            case "total":
                return new AgentOptions(mode, when, c.withPolicy(p.withTotalTimeout(duration(value))));
            case "maxDrain":
                return new AgentOptions(mode, when, c.withPolicy(p.withMaxDrainBytes(bytes(value))));
            case "maxPending":
                return new AgentOptions(mode, when, c.withMaxPending(Integer.parseInt(value)));
            case "overflow":
                return new AgentOptions(mode, when, c.withOverflow(overflow(value)));
            default: // threads: the only key left
                return new AgentOptions(mode, when, c.withThreads(Integer.parseInt(value)));
        }
    }

    private static String word(String value) {
        if (value.isEmpty() || !value.chars().allMatch(Character::isLetter)) {
            throw new IllegalArgumentException("not one of the words");
        }
        return value.toUpperCase(Locale.ROOT);
    }

    private static OverflowPolicy overflow(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "plain":
                return OverflowPolicy.CLOSE_PLAIN;
            case "abort":
                return OverflowPolicy.ABORT;
            case "reject":
                return OverflowPolicy.REJECT;
            default:
                throw new IllegalArgumentException("not one of the words");
        }
    }

    static Duration duration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.startsWith("pt")) {
            return Duration.parse(value);
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        throw new IllegalArgumentException("no unit");
    }

    static long bytes(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("none")) {
            return Long.MAX_VALUE;
        }
        int shift = v.endsWith("k") ? 10 : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : 0;
        long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
        if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("out of range");
        }
        return n << shift;
    }

    @Override
    public String toString() {
        DrainPolicy p = closer.policy();
        return "mode=" + mode.name().toLowerCase(Locale.ROOT) + ",when=" + when.name().toLowerCase(Locale.ROOT)
                + ",idle=" + p.idleTimeout().toMillis() + "ms,total=" + p.totalTimeout().toMillis() + "ms,maxDrain="
                + (p.maxDrainBytes() == Long.MAX_VALUE ? "none" : p.maxDrainBytes()) + ",maxPending=" + closer.maxPending()
                + ",overflow=" + (closer.overflow() == OverflowPolicy.CLOSE_PLAIN ? "plain" : closer.overflow().name().toLowerCase(Locale.ROOT)) + ",threads=" + closer.threads();
    }
}
