package io.github.sockopt4j.internal;

import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Chooses the native backend once, at first use: sockopt4j's own JNI library from this jar when it
 * loads, on every JDK (on JDK 22+ only when native access is granted to sockopt4j; there it
 * measured a little faster than FFM per call, see the benchmarks' results); else FFM
 * ({@code java.lang.foreign}) on JDK 22+ when this jar carries its classes and native access is
 * granted; else JNA. {@code -Dsockopt4j.backend=jni|jna|ffm} forces one; see docs/backends.md.
 */
public final class Backends {
    /** The system property that forces a backend: {@code jni}, {@code jna} or {@code ffm}; unset or blank chooses. */
    public static final String PROPERTY = "sockopt4j.backend";

    /** The first feature release whose {@code java.lang.foreign} is final. */
    static final int FFM_FEATURE = 22;

    /** Why the backend that {@link #PROPERTY} forces cannot be used, or null. */
    private static final IllegalArgumentException FORCED_FAILURE;
    private static final NativeBackend CURRENT;

    static {
        IllegalArgumentException failure = null;
        NativeBackend chosen;
        try {
            chosen = choose(System.getProperty(PROPERTY, ""));
        } catch (IllegalArgumentException e) {
            // Thrown from here it would fail the class initialisation of NativeSocket, and with it
            // every Close strategy. Instead NativeSocket refuses (naming this) and the strategies
            // close with the JDK's calls only; JNA stands in for the scratch-socket probes.
            failure = e;
            chosen = new JnaBackend();
        }
        FORCED_FAILURE = failure;
        CURRENT = chosen;
    }

    private Backends() {}

    /** The backend in use. */
    public static NativeBackend current() {
        return CURRENT;
    }

    /** Why the backend {@code -Dsockopt4j.backend} forces cannot be used, or empty. */
    public static Optional<String> forcedFailure() {
        return Optional.ofNullable(FORCED_FAILURE).map(Throwable::getMessage);
    }

    /** The backend for a value of {@link #PROPERTY}. */
    static NativeBackend choose(String wanted) {
        return switch (wanted.strip()) {
            case "" -> chooseDefault();
            case "jni" -> jni();
            case "jna" -> new JnaBackend();
            case "ffm" -> ffm();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted
                    + " is not a backend: use jni, jna or ffm (ffm needs JDK " + FFM_FEATURE + "+)");
        };
    }

    private static NativeBackend chooseDefault() {
        boolean ffmJdk = Runtime.version().feature() >= FFM_FEATURE;
        // Without native access, FFM and JNI would warn (JDK 24+) or fail (--illegal-native-access=deny).
        if (ffmJdk && !FfmBackendFactory.nativeAccessEnabled()) {
            return new JnaBackend();
        }
        UnsatisfiedLinkError jniFailure;
        try {
            return new JniBackend();
        } catch (UnsatisfiedLinkError e) {
            jniFailure = e;
        }
        NativeBackend ffm = ffmJdk ? FfmBackendFactory.create() : null;
        NativeBackend fallback = ffm != null ? ffm : new JnaBackend();
        // The logger only now: looking it up prints SLF4J's own notice when no provider is bound.
        LoggerFactory.getLogger(Backends.class).debug("sockopt4j's JNI library did not load ({}): using {}",
                jniFailure.getMessage(), fallback.name());
        return fallback;
    }

    private static NativeBackend jni() {
        try {
            return new JniBackend();
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=jni: sockopt4j's JNI library did not load: "
                    + reason(e) + "; use jna", e);
        }
    }

    /** The message of the first cause that has one. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.toString();
    }

    private static NativeBackend ffm() {
        if (Runtime.version().feature() < FFM_FEATURE) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=ffm needs JDK " + FFM_FEATURE
                    + " or later; this is JDK " + Runtime.version() + ": use jni or jna");
        }
        NativeBackend ffm = FfmBackendFactory.create();
        if (ffm == null) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=ffm: this sockopt4j has no FFM classes for JDK "
                    + Runtime.version() + " (a jar built without a JDK " + FFM_FEATURE
                    + "+, or a classes directory, where META-INF/versions is not read): use jni or jna");
        }
        return ffm;
    }
}
