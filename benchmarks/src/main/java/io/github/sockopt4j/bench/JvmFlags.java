package io.github.sockopt4j.bench;

/** The forked benchmark JVMs' flags, as constants so that every {@code @Fork} can name them. */
final class JvmFlags {
    static final String OPEN_NIO = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String OPEN_NET = "--add-opens=java.base/java.net=ALL-UNNAMED";
    static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String FFM = "-Dsockopt4j.backend=ffm";
    static final String JNA = "-Dsockopt4j.backend=jna";

    private JvmFlags() {}
}
