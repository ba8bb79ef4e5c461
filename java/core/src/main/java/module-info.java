/**
 * sockopt4j: native socket controls and precise TCP close semantics for Java servers.
 *
 * <p>{@link io.github.sockopt4j.NativeSocket} is a view of a JDK socket's file descriptor: options,
 * queue sizes, {@code TCP_INFO}, {@code shutdown} and {@code SO_LINGER}. The package
 * {@link io.github.sockopt4j.close} closes connections so that what was written reaches the peer.
 *
 * <p><b>Native access.</b> sockopt4j calls the C library through FFM (JDK 22+), its own small JNI
 * library (carried in the jar, for Linux x86-64 and aarch64), or JNA. Grant it native access, or
 * JDK 24+ warns (and {@code --illegal-native-access=deny} refuses):
 * {@code --enable-native-access=io.github.sockopt4j} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path (JNA's module {@code com.sun.jna}
 * too, when JNA is used from the module path). Without the grant sockopt4j uses JNA on JDK 22+
 * as well.
 */
module io.github.sockopt4j {
    requires com.sun.jna;
    requires org.slf4j;
    requires jdk.jfr; // the io.github.sockopt4j.Close event (off unless a recording turns it on)

    exports io.github.sockopt4j;
    exports io.github.sockopt4j.close;
    // No API: the socket calls on fds the JDK does not own (FdSocket) and the close engine that
    // every integration decides with, for the project's own modules only; the reproduction tool
    // also captures packets through the bindings.
    exports io.github.sockopt4j.internal to io.github.sockopt4j.repro, io.github.sockopt4j.netty,
            io.github.sockopt4j.tomcat, io.github.sockopt4j.agent;
    exports io.github.sockopt4j.internal.close to io.github.sockopt4j.netty, io.github.sockopt4j.tomcat,
            io.github.sockopt4j.jetty, jdk.jfr;
}
