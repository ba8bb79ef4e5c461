package io.github.sockopt4j.testkit.servers;

import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An embedded Jetty 12, at its defaults, whose {@code POST} answers 413 after reading 100 bytes of
 * the body, and whose {@code GET} answers 200 (for keep-alive clients); its connector is given by
 * its constructor: Jetty's own {@link #JETTY_CONNECTOR}, or sockopt4j's. The same server both ways,
 * so one is the other's negative control. Needs {@code jetty-server} on the class path (the kit
 * does not bring it).
 */
public final class EarlyResponseJetty implements AutoCloseable {
    public static final String RESPONSE_BODY = "upload too large\n";
    /** Jetty's own {@link ServerConnector}. */
    public static final Connectors JETTY_CONNECTOR = ServerConnector::new;

    /** How the test makes its connector: {@code ServerConnector::new}, or sockopt4j's constructor. */
    @FunctionalInterface
    public interface Connectors {
        ServerConnector create(Server server, SslContextFactory.Server ssl, ConnectionFactory... factories);
    }

    private final Server server;
    private final ServerConnector connector;

    private EarlyResponseJetty(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * @param connectors the connector's constructor
     * @param keyStore   a PKCS12 key store for TLS, or null for plain HTTP
     */
    public static EarlyResponseJetty start(Connectors connectors, Path keyStore, String password) throws Exception {
        Server server = new Server();
        SslContextFactory.Server ssl = null;
        if (keyStore != null) {
            ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keyStore.toString());
            ssl.setKeyStorePassword(password);
            ssl.setKeyStoreType("PKCS12");
        }
        ServerConnector connector = connectors.create(server, ssl, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new EarlyResponseHandler());
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new EarlyResponseJetty(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The connector, an instance of what the constructor given makes. */
    public ServerConnector connector() {
        return connector;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The early response: 413 with the body mostly unread, as an upload limit answers. */
    private static final class EarlyResponseHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (HttpMethod.POST.is(request.getMethod())) {
                // Left unclosed: the rest of the body stays unread, as Jetty then handles it.
                Content.Source.asInputStream(request).read(new byte[100]);
                response.setStatus(413);
                write(response, RESPONSE_BODY, callback);
            } else {
                write(response, "hello\n", callback);
            }
            return true;
        }

        private static void write(Response response, String body, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            Content.Sink.write(response, true, body, callback);
        }
    }
}
