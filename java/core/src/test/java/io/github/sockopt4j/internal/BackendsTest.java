package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.NativeSocket;
import org.junit.jupiter.api.Test;

/** Which backend is chosen, and that -Dsockopt4j.backend really reaches this JVM and wins. */
class BackendsTest {
    private static final boolean FFM_JDK = Runtime.version().feature() >= Backends.FFM_FEATURE;

    /** Whether this JVM loaded the FFM classes (JDK 22+ and tests run against the multi-release jar). */
    private static boolean ffmClassesPresent() {
        return FFM_JDK && FfmBackendFactory.create() != null;
    }

    @Test
    void theRequestedBackendIsTheOneInUse() {
        String requested = System.getProperty(Backends.PROPERTY, "").strip();
        String expected = !requested.isEmpty() ? requested
                : ffmClassesPresent() && FfmBackendFactory.nativeAccessEnabled() ? "ffm" : "jna";
        assertEquals(expected, NativeSocket.backend(), "-D" + Backends.PROPERTY + "=" + requested);
        assertEquals(expected, Backends.current().name());
    }

    @Test
    void jnaCanAlwaysBeForced() {
        assertEquals("jna", Backends.choose("jna").name());
        assertEquals("jna", Backends.choose(" jna ").name());
    }

    @Test
    void ffmIsForcedWhereItExistsAndRefusedWithTheReasonElsewhere() {
        if (ffmClassesPresent()) {
            assertEquals("ffm", Backends.choose("ffm").name());
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.choose("ffm"));
        String reason = FFM_JDK ? "has no FFM classes" : "needs JDK 22 or later; this is JDK " + Runtime.version();
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void anUnknownBackendIsRefusedNamingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.choose("jni"));
        assertTrue(e.getMessage().contains("-Dsockopt4j.backend=jni is not a backend: use jna or ffm"), e.getMessage());
    }
}
