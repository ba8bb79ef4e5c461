package io.github.sockopt4j.internal;

/**
 * Where the FFM backend comes from, on JDK 22+ (the multi-release version of the base class of
 * the same name, which has none).
 */
final class FfmBackendFactory {
    private FfmBackendFactory() {}

    /** Whether sockopt4j's module (or the class path) was granted native access. */
    static boolean nativeAccessEnabled() {
        return FfmBackendFactory.class.getModule().isNativeAccessEnabled();
    }

    /** The FFM backend; linking its downcalls needs native access. */
    static NativeBackend create() {
        try {
            return new FfmBackend();
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalCallerException denied) { // --illegal-native-access=deny
                throw new IllegalStateException("the FFM backend needs native access: start the JVM with "
                        + "--enable-native-access=" + moduleName() + ", or use -D" + Backends.PROPERTY + "=jna", denied);
            }
            throw e;
        }
    }

    private static String moduleName() {
        Module m = FfmBackendFactory.class.getModule();
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }
}
