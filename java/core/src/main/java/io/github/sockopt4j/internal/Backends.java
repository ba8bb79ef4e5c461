package io.github.sockopt4j.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the native backend once, at first use. JDK 22+ with native access granted to sockopt4j
 * and a jar that carries the FFM classes: FFM ({@code java.lang.foreign}). Otherwise JNI, sockopt4j's
 * own library from this jar, when it loads (not on JDK 22+ without native access, where loading it
 * would warn); JNA when it does not. {@code -Dsockopt4j.backend=jni|jna|ffm} forces one.
 */
public final class Backends {
    /** The system property that forces a backend: {@code jni}, {@code jna} or {@code ffm}; unset or blank chooses. */
    public static final String PROPERTY = "sockopt4j.backend";

    /** The first feature release whose {@code java.lang.foreign} is final. */
    static final int FFM_FEATURE = 22;

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final NativeBackend CURRENT = choose(System.getProperty(PROPERTY, ""));

    private Backends() {}

    /** The backend in use. */
    public static NativeBackend current() {
        return CURRENT;
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
        if (ffmJdk) {
            NativeBackend ffm = FfmBackendFactory.create();
            if (ffm != null) {
                return ffm;
            }
        }
        try {
            return new JniBackend();
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("sockopt4j uses JNA: its JNI library did not load: {}", reason(e));
            return new JnaBackend();
        }
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
