package io.github.sockopt4j.internal;

/**
 * Chooses the native backend once, at first use. {@code -Dsockopt4j.backend=jna} forces JNA
 * (the only backend until the FFM backend lands).
 */
public final class Backends {
    private static final NativeBackend CURRENT = choose();

    private Backends() {}

    /** The backend in use. */
    public static NativeBackend current() {
        return CURRENT;
    }

    private static NativeBackend choose() {
        String wanted = System.getProperty("sockopt4j.backend", "jna");
        if (!wanted.equals("jna")) {
            throw new IllegalArgumentException("-Dsockopt4j.backend=" + wanted
                    + " is not available; this build has: jna");
        }
        return new JnaBackend();
    }
}
