package io.github.sockopt4j.agent.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The JDK's {@code com.sun.net.httpserver.HttpServer} answering every upload 413 without reading
 * it, as an application that limits its bodies does. Nothing of sockopt4j in it: the agent is
 * the only difference between the two runs.
 */
public final class JdkHttpServerApp {
    static final byte[] BODY = "request body too large\n".getBytes(StandardCharsets.US_ASCII);

    private JdkHttpServerApp() {}

    public static void main(String[] args) throws Exception {
        AppArgs a = AppArgs.parse(args);
        HttpServer server = HttpServer.create(new InetSocketAddress(a.address(), a.port()), 128);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(413, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
        System.out.println("Started UploadApp on JDK HttpServer, port " + a.port());
    }
}
