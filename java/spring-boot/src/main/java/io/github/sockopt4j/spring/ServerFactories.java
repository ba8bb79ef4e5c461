package io.github.sockopt4j.spring;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/**
 * The few calls the starter makes on Spring Boot's server factories, found by their names: Boot 4.0
 * moved the factories and their customizer interfaces to other packages than 3.5, with the same
 * methods, so one starter serves both without compiling against either.
 */
final class ServerFactories {
    private ServerFactories() {}

    /** The public method {@code name} of {@code factory} with one parameter, or null. */
    static Method method(Object factory, String name) {
        for (Method m : factory.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        return null;
    }

    /** The public method {@code name} of {@code factory} without parameters, or null. */
    static Method method0(Object factory, String name) {
        try {
            return factory.getClass().getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * Calls {@code adder} (an {@code add...Customizers(X...)} method) with one X: a proxy of X's
     * single abstract method that passes its argument to {@code body} and returns what it returns.
     */
    static void addCustomizer(Object factory, Method adder, Function<Object, Object> body) {
        Class<?> type = adder.getParameterTypes()[0].getComponentType();
        Object customizer = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, m, args); // Function's andThen, compose
            }
            switch (m.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "sockopt4j " + type.getSimpleName();
                default:
                    return body.apply(args[0]);
            }
        });
        Object array = Array.newInstance(type, 1);
        Array.set(array, 0, customizer);
        invoke(adder, factory, array);
    }

    /** {@code m} on {@code target} with {@code argument}, or with none when {@code m} takes none. */
    static Object invoke(Method m, Object target, Object argument) {
        try {
            return m.getParameterCount() == 0 ? m.invoke(target) : m.invoke(target, argument);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
