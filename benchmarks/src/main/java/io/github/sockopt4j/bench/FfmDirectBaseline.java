package io.github.sockopt4j.bench;

/**
 * The bare FFM {@code setsockopt}; this base version, for JDK 17–21 or a jar built without a
 * JDK 22+, has none (the real one is in {@code src/main/java22}, in META-INF/versions/22).
 */
final class FfmDirectBaseline {
    FfmDirectBaseline() {
        throw new UnsupportedOperationException("the FFM baseline needs JDK 22+ and a benchmarks jar built with"
                + " one (make bench passes it); this is JDK " + Runtime.version());
    }

    int set(int fd, int level, int name, int v) {
        throw new AssertionError();
    }

    int setViaSegment(int fd, int level, int name, int v) {
        throw new AssertionError();
    }
}
