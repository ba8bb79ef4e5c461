package io.github.sockopt4j.agent.apps;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * Embedded Undertow 2.4 with a 1 MiB entity limit, answering every upload 413 without reading
 * it; Undertow then gives up on the request's rest and closes the connection with the body unread.
 */
public final class UndertowApp {
    private UndertowApp() {}

    public static void main(String[] args) {
        AppArgs a = AppArgs.parse(args);
        Undertow server = Undertow.builder()
                .addHttpListener(a.port(), a.address())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 1L << 20)
                .setHandler(exchange -> {
                    exchange.setStatusCode(StatusCodes.REQUEST_ENTITY_TOO_LARGE);
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("request body too large\n");
                })
                .build();
        server.start();
        System.out.println("Started UploadApp on Undertow, port " + a.port());
    }
}
