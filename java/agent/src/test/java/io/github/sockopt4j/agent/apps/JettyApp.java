package io.github.sockopt4j.agent.apps;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** Jetty 12.1 with its own ServerConnector (no sockopt4j-jetty), answering every upload 413 without reading it. */
public final class JettyApp {
    private JettyApp() {}

    public static void main(String[] args) throws Exception {
        AppArgs a = AppArgs.parse(args);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(a.address());
        connector.setPort(a.port());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(413);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, "request body too large\n", callback);
                return true;
            }
        });
        server.start();
        System.out.println("Started UploadApp on Jetty 12.1, port " + a.port());
        server.join();
    }
}
