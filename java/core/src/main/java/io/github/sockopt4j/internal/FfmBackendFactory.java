package io.github.sockopt4j.internal;

/**
 * Where the FFM backend comes from. This base version has none: it is what JDK 17–21 load, and
 * what every JDK loads from a jar built without a JDK 22+. The multi-release jar replaces it on
 * JDK 22+ with the version in {@code src/main/java22}, which creates the FFM backend.
 */
final class FfmBackendFactory {
    private FfmBackendFactory() {}

    /** Whether sockopt4j's module may call native code through FFM without a warning. */
    static boolean nativeAccessEnabled() {
        return false;
    }

    /** The FFM backend, or {@code null} when this jar has none for the running JDK. */
    static NativeBackend create() {
        return null;
    }
}
