package io.github.sockopt4j.internal;

/** The message a user sees when the JVM flags that open the JDK's socket internals are missing. */
public final class JdkAccess {
    private JdkAccess() {}

    /** The JVM flags sockopt4j needs, for the module it is loaded in. */
    public static String requiredFlags() {
        Module self = JdkAccess.class.getModule();
        String target = self.isNamed() ? self.getName() : "ALL-UNNAMED";
        return "--add-opens java.base/sun.nio.ch=" + target
                + " --add-opens java.base/java.net=" + target
                + " --add-opens java.base/java.io=" + target;
    }

    static IllegalStateException failure(String className, Throwable cause) {
        return new IllegalStateException("sockopt4j cannot reach the file descriptor of JDK sockets ("
                + className + ": " + cause + "). Start the JVM with: " + requiredFlags(), cause);
    }
}
