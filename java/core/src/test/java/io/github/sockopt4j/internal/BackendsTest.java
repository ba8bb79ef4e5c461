package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    /** The default for this JVM: the JNI library is part of every build by make, so it must load. */
    private static String expectedDefault() {
        return FFM_JDK && !FfmBackendFactory.nativeAccessEnabled() ? "jna" : "jni";
    }

    @Test
    void theRequestedBackendIsTheOneInUse() {
        String requested = System.getProperty(Backends.PROPERTY, "").strip();
        String expected = !requested.isEmpty() ? requested : expectedDefault();
        assertEquals(expected, NativeSocket.backend(), "-D" + Backends.PROPERTY + "=" + requested
                + (expected.equals("jni") ? "; is the JNI library in the tested classes? `make native` builds it" : ""));
        assertEquals(expected, Backends.current().name());
    }

    @Test
    void jnaCanAlwaysBeForced() {
        assertEquals("jna", Backends.choose("jna").name());
        assertEquals("jna", Backends.choose(" jna ").name());
    }

    @Test
    void jniLoadsFromTheJarForThisPlatform() {
        assertEquals("linux-x86_64", JniLibrary.platform(), "the platform this build is tested on");
        assertNotNull(JniLibrary.class.getResource(JniLibrary.resource()),
                JniLibrary.resource() + " is not in the tested classes: `make native` compiles it");
        NativeBackend jni = Backends.choose("jni");
        assertEquals("jni", jni.name());
        assertEquals("Bad file descriptor", jni.strerror(9), "strerror(EBADF) through the JNI library");
        assertEquals(-9, jni.shutdown(-1, 1), "a failure comes back as -errno (EBADF)");
        assertEquals(1, jni.ifNameToIndex("lo"), "if_nametoindex(\"lo\")");
    }

    @Test
    void jniBuffersAreBoundsChecked() {
        NativeBuffer buffer = Backends.choose("jni").allocate(16);
        buffer.putLong(8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, buffer.getLong(8));
        assertEquals(0, buffer.getInt(0), "zeroed");
        assertTrue(buffer.address() != 0);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getLong(9));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.clear(8, 9));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.read(0, new byte[32], 0, 17));
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.choose("jnx"));
        assertTrue(e.getMessage().contains("-Dsockopt4j.backend=jnx is not a backend: use jni, jna or ffm"),
                e.getMessage());
    }
}
