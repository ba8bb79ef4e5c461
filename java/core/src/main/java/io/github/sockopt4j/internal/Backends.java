package io.github.sockopt4j.internal;

/**
 * Chooses the native backend once, at first use: FFM ({@code java.lang.foreign}) on JDK 22+ when
 * this jar carries the FFM classes and native access is enabled for sockopt4j, JNA otherwise.
 * {@code -Dsockopt4j.backend=jna|ffm} forces one; see docs/backends.md.
 */
public final class Backends {
    /** The system property that forces a backend: {@code jna} or {@code ffm}; unset or blank chooses. */
    public static final String PROPERTY = "sockopt4j.backend";

    /** The first feature release whose {@code java.lang.foreign} is final. */
    static final int FFM_FEATURE = 22;

    private static final NativeBackend CURRENT = choose(System.getProperty(PROPERTY, ""));

    private Backends() {}

    /** The backend in use. */
    public static NativeBackend current() {
        return CURRENT;
    }

    /** The backend for a value of {@link #PROPERTY}. */
    static NativeBackend choose(String wanted) {
        return switch (wanted.strip()) {
            // Without native access FFM would warn (JDK 22+) or fail (--illegal-native-access=deny).
            case "" -> FfmBackendFactory.nativeAccessEnabled() ? ffm() : new JnaBackend();
            case "jna" -> new JnaBackend();
            case "ffm" -> ffm();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted
                    + " is not a backend: use jna or ffm (ffm needs JDK " + FFM_FEATURE + "+)");
        };
    }

    private static NativeBackend ffm() {
        if (Runtime.version().feature() < FFM_FEATURE) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=ffm needs JDK " + FFM_FEATURE
                    + " or later; this is JDK " + Runtime.version() + ": use jna");
        }
        NativeBackend ffm = FfmBackendFactory.create();
        if (ffm == null) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=ffm: this sockopt4j has no FFM classes for JDK "
                    + Runtime.version() + " (a JNA-only jar, built without a JDK " + FFM_FEATURE
                    + "+, or a classes directory, where META-INF/versions is not read): use jna");
        }
        return ffm;
    }
}
