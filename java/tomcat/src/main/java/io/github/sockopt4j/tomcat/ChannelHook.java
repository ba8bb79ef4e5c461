package io.github.sockopt4j.tomcat;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;

/** Where a Tomcat creates the channels of its NIO endpoint, found once from its classes. */
enum ChannelHook {
    /** Tomcat 11.0.0-M10 and later: {@code NioEndpoint.createChannel(SocketBufferHandler)}. */
    CREATE_CHANNEL("createChannel"),
    /** Tomcat 10.1: inside {@code setSocketOptions}, whose steps sockopt4j then takes (all public or protected there). */
    SET_SOCKET_OPTIONS("setSocketOptions");

    private final String method;

    ChannelHook(String method) {
        this.method = method;
    }

    /** The hook of this Tomcat, or null when its endpoint has neither. */
    static ChannelHook of(Class<?> endpoint) {
        try {
            endpoint.getDeclaredMethod("createChannel", SocketBufferHandler.class);
            return CREATE_CHANNEL;
        } catch (NoSuchMethodException notEleven) {
            try {
                NioEndpoint.NioSocketWrapper.class.getConstructor(NioChannel.class, NioEndpoint.class);
                endpoint.getDeclaredMethod("getNioChannels");
                endpoint.getDeclaredMethod("getPoller");
                NioEndpoint.Poller.class.getMethod("register", NioEndpoint.NioSocketWrapper.class);
                NioChannel.class.getMethod("reset", java.nio.channels.SocketChannel.class,
                        NioEndpoint.NioSocketWrapper.class);
                return SET_SOCKET_OPTIONS;
            } catch (NoSuchMethodException | LinkageError unknown) {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return "hooked in " + method;
    }
}
