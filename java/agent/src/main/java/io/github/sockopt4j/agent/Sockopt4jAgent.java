package io.github.sockopt4j.agent;

import io.github.sockopt4j.close.LingeringCloser;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.JdkSocketHandle;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * {@code -javaagent:sockopt4j-agent.jar[=options]}: the close of every JDK TCP socket
 * ({@code SocketChannel}, and {@code Socket} through {@code NioSocketImpl}) becomes a lingering
 * close run by a background {@link LingeringCloser} (see {@link CloseInterceptor}).
 *
 * <p>Installing checks everything it can before it changes anything: Linux, the JDK classes and
 * methods it advises, native access. An agent that cannot install prints one line on standard
 * error saying why and leaves the JVM as it was.
 */
public final class Sockopt4jAgent {
    static final String PREFIX = "sockopt4j-agent: ";
    private static final String CHANNEL_IMPL = "sun.nio.ch.SocketChannelImpl";
    private static final String SOCKET_IMPL = "sun.nio.ch.NioSocketImpl";
    private static final String CHANNEL_CLOSE = "implCloseSelectableChannel";
    private static final String SOCKET_CLOSE = "close";
    /** The dispatcher's template in the agent jar (never loaded), and its name in java.base. */
    private static final String TEMPLATE_DISPATCH = "io/github/sockopt4j/agent/boot/CloseDispatch";
    private static final String DISPATCH = "sun/nio/ch/Sockopt4jCloseDispatch";
    private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";
    private static volatile JdkCloseHook installed;

    private Sockopt4jAgent() {}

    public static void premain(String args, Instrumentation inst) {
        install(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst);
    }

    /** The interceptor, once installed: its counters, for tests. */
    static JdkCloseHook installed() {
        return installed;
    }

    private static synchronized void install(String args, Instrumentation inst) {
        if (installed != null) {
            System.err.println(PREFIX + "already installed; " + args + " ignored");
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(PREFIX + "not installed, the JVM runs unchanged: " + e.getMessage());
            return;
        }
        if (options.mode() == AgentOptions.Mode.OFF) {
            System.err.println(PREFIX + "mode=off: not installed");
            return;
        }
        String refusal = refusal(inst);
        if (refusal != null) {
            System.err.println(PREFIX + "not installed, the JVM runs unchanged: " + refusal);
            return;
        }
        // Byte Buddy without sun.misc.Unsafe (JDK 24+ warns at its first use); the property is the
        // relocated Byte Buddy's own (shading renames it too), and put back as it was.
        String safe = System.getProperty(BYTE_BUDDY_SAFE);
        System.setProperty(BYTE_BUDDY_SAFE, "true");
        try {
            installed = apply(options, inst);
            System.err.println(PREFIX + (options.mode() == AgentOptions.Mode.OBSERVE
                    ? "observing closes (each JDK TCP close unchanged, reported) (" : "lingering closes on (")
                    + options + "), backend " + FdSocket.backend());
        } catch (Throwable t) {
            System.err.println(PREFIX + "not installed, the JVM runs unchanged: " + t);
        } finally {
            if (safe == null) {
                System.clearProperty(BYTE_BUDDY_SAFE);
            } else {
                System.setProperty(BYTE_BUDDY_SAFE, safe);
            }
        }
    }

    /** Why the agent cannot install here, found without changing anything; null when it can. */
    static String refusal(Instrumentation inst) {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "sockopt4j runs on Linux only; this is " + os;
        }
        if (!inst.isRetransformClassesSupported()) {
            return "this JVM cannot retransform classes";
        }
        for (String[] m : new String[][] {{CHANNEL_IMPL, CHANNEL_CLOSE}, {SOCKET_IMPL, SOCKET_CLOSE}}) {
            try {
                Class.forName(m[0], false, null).getDeclaredMethod(m[1]);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                return "this JDK (" + Runtime.version() + ") has no " + m[0] + "." + m[1] + "(): an unknown layout";
            }
        }
        if (!ConstantTable.isAvailable()) {
            return "sockopt4j supports Linux on x86-64 and aarch64; this is " + ConstantTable.platform();
        }
        if (Runtime.version().feature() >= NATIVE_ACCESS_WARNS && !nativeAccessEnabled()) {
            return "JDK " + Runtime.version().feature() + " needs --enable-native-access=ALL-UNNAMED for the agent's"
                    + " native calls (without it the JDK warns, or refuses with --illegal-native-access=deny)";
        }
        // Loads the native backend; JdkSocketHandle is not touched before the packages are opened.
        return FdSocket.backendFailure();
    }

    /** JDK 24+ warns at the first JNI or FFM call of a module without native access. */
    private static final int NATIVE_ACCESS_WARNS = 24;

    /** {@code Module.isNativeAccessEnabled()} (JDK 22+) of the agent's module; called on JDK 24+ only. */
    private static boolean nativeAccessEnabled() {
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(Sockopt4jAgent.class.getModule());
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static JdkCloseHook apply(AgentOptions options, Instrumentation inst) throws Exception {
        Module agentModule = Sockopt4jAgent.class.getModule();
        Module javaBase = Object.class.getModule();
        // sockopt4j reads the fd and takes the close lock of JDK sockets, as --add-opens would allow.
        inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("sun.nio.ch", Set.of(agentModule),
                "java.net", Set.of(agentModule), "java.io", Set.of(agentModule)), Set.of(), Map.of());
        String access = JdkSocketHandle.accessFailure().orElse(null);
        if (access != null) {
            throw new IllegalStateException(access);
        }
        LingeringCloser closer = options.mode() == AgentOptions.Mode.OBSERVE ? null
                : LingeringCloser.start(options.closer());
        JdkCloseHook interceptor = closer == null ? new ObservingInterceptor()
                : new CloseInterceptor(closer, options.when() == AgentOptions.When.UNREAD);
        Class<?> dispatch = defineDispatch();
        String adviceName = CloseAdvice.class.getName();
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(adviceName, remapped(adviceName.replace('.', '/'))),
                ClassFileLocator.Simple.of(DISPATCH.replace('/', '.'), remapped(TEMPLATE_DISPATCH)),
                ClassFileLocator.ForClassLoader.of(Sockopt4jAgent.class.getClassLoader()));
        TypeDescription advice = TypePool.Default.of(locator).describe(adviceName).resolve();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<String> done = new CopyOnWriteArrayList<>();
        ResettableClassFileTransformer transformer = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .ignore(none())
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                                                 boolean loaded, DynamicType dynamicType) {
                        done.add(type.getName());
                    }

                    @Override
                    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                                        Throwable throwable) {
                        errors.add(throwable);
                    }
                })
                .type(namedOneOf(CHANNEL_IMPL, SOCKET_IMPL))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(advice, locator)
                        .on(isMethod().and(takesArguments(0)).and(named(type.getName().equals(CHANNEL_IMPL)
                                ? CHANNEL_CLOSE : SOCKET_CLOSE)))))
                .installOn(inst);
        // Both classes are loaded by now (the JDK's own startup and our checks load them).
        if (!errors.isEmpty() || !done.containsAll(List.of(CHANNEL_IMPL, SOCKET_IMPL))) {
            transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            if (closer != null) {
                closer.close();
            }
            IllegalStateException e = new IllegalStateException("advising " + CHANNEL_IMPL + " and " + SOCKET_IMPL
                    + " failed (transformed: " + done + ")" + (errors.isEmpty() ? "" : ": " + errors.get(0)));
            errors.forEach(e::addSuppressed);
            throw e;
        }
        dispatch.getField("after").set(null, interceptor.after());
        dispatch.getField("before").set(null, interceptor); // the advice does nothing until this
        return interceptor;
    }

    /**
     * Defines the dispatcher inside {@code java.base}, in {@code sun.nio.ch} beside the classes it
     * serves: the agent's {@code CloseDispatch} with its name changed (and the advice's calls to it
     * with it). So the advice needs no module edge and nothing is appended to the bootstrap class
     * path (which would also turn off the JDK's class-data sharing for application classes).
     */
    private static Class<?> defineDispatch() throws ReflectiveOperationException, IOException {
        MethodHandles.Lookup inJavaBase = MethodHandles.privateLookupIn(Class.forName(CHANNEL_IMPL),
                MethodHandles.lookup());
        return inJavaBase.defineClass(remapped(TEMPLATE_DISPATCH));
    }

    /** The class file of {@code internalName}, with its references to the template dispatcher renamed. */
    static byte[] remapped(String internalName) throws IOException {
        byte[] original;
        try (InputStream in = Sockopt4jAgent.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException(internalName + ".class is missing from the agent jar");
            }
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassRemapper(writer, new SimpleRemapper(TEMPLATE_DISPATCH, DISPATCH)), 0);
        return writer.toByteArray();
    }

}
