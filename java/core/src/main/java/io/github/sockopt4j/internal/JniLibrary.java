package io.github.sockopt4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads sockopt4j's JNI library from this jar, as Netty loads its own: the library for this OS
 * and CPU is a resource ({@link #RESOURCE_ROOT}{@code <os>-<arch>/}{@link #FILE_NAME}), copied to a
 * fresh temporary file, loaded with {@link System#load}, and the file deleted (the loaded mapping
 * stays). A fresh file per load keeps two class loaders, each with its own copy of sockopt4j,
 * from sharing one library, which the JVM refuses.
 */
final class JniLibrary {
    static final String RESOURCE_ROOT = "/META-INF/native/sockopt4j/";
    static final String FILE_NAME = "libsockopt4j_jni.so";
    /** Where the library is extracted; the default is {@code java.io.tmpdir} (which must not be noexec). */
    static final String WORK_DIR_PROPERTY = "sockopt4j.native.workdir";

    private JniLibrary() {}

    /** {@code linux-x86_64}, {@code linux-aarch64}, or {@code null} where sockopt4j has no library. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return os.startsWith("linux") && arch != null ? "linux-" + arch : null;
    }

    /** The resource path of this platform's library, or {@code null} where there is none. */
    static String resource() {
        String platform = platform();
        return platform == null ? null : RESOURCE_ROOT + platform + "/" + FILE_NAME;
    }

    /** The outcome of the one attempt to load: null when loaded. */
    private static final class Outcome {
        static final UnsatisfiedLinkError FAILURE = loadOnce();
    }

    /**
     * Loads the library at the first call; throws {@link UnsatisfiedLinkError} saying why not (no
     * library for this platform in this jar, the temporary file, the loader's own message, a stale
     * library), at that call and at every later one.
     */
    static void load() {
        UnsatisfiedLinkError failure = Outcome.FAILURE;
        if (failure != null) {
            UnsatisfiedLinkError again = new UnsatisfiedLinkError(failure.getMessage());
            again.initCause(failure);
            throw again;
        }
    }

    private static UnsatisfiedLinkError loadOnce() {
        try {
            extractAndLoad();
            int abi = JniCalls.abi();
            if (abi != JniCalls.ABI) {
                return new UnsatisfiedLinkError("sockopt4j's JNI library has ABI " + abi + ", these classes need "
                        + JniCalls.ABI + ": the jar holds a library built from other sources (rebuild with make)");
            }
            return null;
        } catch (UnsatisfiedLinkError e) {
            return e;
        }
    }

    private static void extractAndLoad() {
        String resource = resource();
        if (resource == null) {
            throw new UnsatisfiedLinkError("sockopt4j has no JNI library for " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
        }
        try (InputStream in = JniLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("this sockopt4j jar has no " + resource
                        + " (built by Maven alone, without make, which compiles native/jni)");
            }
            Path dir = Path.of(System.getProperty(WORK_DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
            Path file = Files.createTempFile(dir, "libsockopt4j_jni", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("extracting " + resource + " for loading: " + e
                    + " (set -D" + WORK_DIR_PROPERTY + " to a writable directory that allows execution)");
            error.initCause(e);
            throw error;
        }
    }
}
