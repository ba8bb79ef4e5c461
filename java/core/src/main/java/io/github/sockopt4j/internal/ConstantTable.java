package io.github.sockopt4j.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The native constants of the running OS and architecture, looked up by their C name.
 *
 * <p>Callers resolve a name once (into a {@code final} field) and never per call. A platform
 * without a table, or a name its table lacks, gets an {@link UnsupportedOperationException}
 * that names the OS, the architecture and the constant: never a guessed number.
 */
public final class ConstantTable {
    private static final String OS = System.getProperty("os.name", "?");
    private static final String ARCH = System.getProperty("os.arch", "?");
    private static final Map<String, Long> ENTRIES = select();

    private ConstantTable() {}

    private static Map<String, Long> select() {
        boolean linux = OS.toLowerCase(Locale.ROOT).startsWith("linux");
        boolean genericArch = ARCH.equals("amd64") || ARCH.equals("x86_64") || ARCH.equals("aarch64");
        if (!linux || !genericArch) {
            return null;
        }
        return LinuxTable.union(LinuxTable.ENTRIES, ARCH.equals("aarch64") ? LinuxTable.AARCH64 : LinuxTable.X86_64);
    }

    /** Whether this platform has a constant table at all. */
    public static boolean isAvailable() {
        return ENTRIES != null;
    }

    /** A short name of the platform, such as {@code Linux/amd64}. */
    public static String platform() {
        return OS + "/" + ARCH;
    }

    /** Every entry of this platform's table (for the probe test and the platform report). */
    public static Map<String, Long> entries() {
        requireAvailable("the constant table");
        return ENTRIES;
    }

    /** The value of the C constant {@code name} as an {@code int}. */
    public static int get(String name) {
        return Math.toIntExact(getLong(name));
    }

    /** The value of the C constant {@code name}. */
    public static long getLong(String name) {
        requireAvailable(name);
        Long v = ENTRIES.get(name);
        if (v == null) {
            throw new UnsupportedOperationException(
                    name + " is not known to sockopt4j on " + platform());
        }
        return v;
    }

    /**
     * The value of {@code name}, or {@code absent} on a platform whose table lacks it; for static
     * initialisers that must not fail on another platform (the failure comes at first use).
     */
    public static int getOrDefault(String name, int absent) {
        return has(name) ? get(name) : absent;
    }

    /** Whether this platform's table has {@code name}. */
    public static boolean has(String name) {
        return ENTRIES != null && ENTRIES.containsKey(name);
    }

    private static void requireAvailable(String what) {
        if (ENTRIES == null) {
            throw new UnsupportedOperationException("sockopt4j supports Linux on x86-64 and aarch64; "
                    + what + " is not available on " + platform());
        }
    }
}
