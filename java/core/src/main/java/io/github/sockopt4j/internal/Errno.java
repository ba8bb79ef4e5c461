package io.github.sockopt4j.internal;

import java.util.HashMap;
import java.util.Map;

/** errno numbers to their C names ({@code 92 -> "ENOPROTOOPT"}), from the constant table. */
public final class Errno {
    private static final Map<Integer, String> NAMES = load();

    private Errno() {}

    private static Map<Integer, String> load() {
        Map<Integer, String> names = new HashMap<>();
        if (ConstantTable.isAvailable()) {
            ConstantTable.entries().forEach((name, value) -> {
                if (name.matches("E[A-Z0-9]+")) {
                    names.put(value.intValue(), name);
                }
            });
        }
        return Map.copyOf(names);
    }

    /** The C name of {@code errno}, or {@code "errno <n>"} when the table does not name it. */
    public static String name(int errno) {
        String name = NAMES.get(errno);
        return name != null ? name : "errno " + errno;
    }

    /** The errno value of a C name such as {@code "EBADF"}. */
    public static int value(String name) {
        return ConstantTable.get(name);
    }
}
