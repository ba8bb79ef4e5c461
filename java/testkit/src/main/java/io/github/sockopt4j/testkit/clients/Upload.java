package io.github.sockopt4j.testkit.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a client sends, as files in a temporary folder (deleted at exit): the body alone, for
 * clients that build their own request, and the whole HTTP request, for the TLS clients that
 * write raw bytes ({@code openssl s_client}, Python {@code ssl}).
 */
public final class Upload {
    private final String path;
    private final Path body;
    private final Path request;

    private Upload(String path, Path body, Path request) {
        this.path = path;
        this.body = body;
        this.request = request;
    }

    /** A POST of {@code bytes} zero bytes to {@code path} (e.g. {@code "/upload"}). */
    public static Upload of(int bytes, String path) throws IOException {
        Path dir = Files.createTempDirectory("sockopt4j-upload");
        dir.toFile().deleteOnExit();
        byte[] zeros = new byte[bytes];
        // Connection: close, since these clients read until the server closes: one request, one response
        byte[] headers = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + bytes + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return new Upload(path, write(dir.resolve("body"), new byte[0], zeros), write(dir.resolve("request"), headers, zeros));
    }

    /** The URL path the request goes to. */
    public String path() {
        return path;
    }

    /** The body alone. */
    public Path body() {
        return body;
    }

    /** The request line, the headers and the body. */
    public Path request() {
        return request;
    }

    private static Path write(Path file, byte[] head, byte[] body) throws IOException {
        file.toFile().deleteOnExit(); // registered after the folder: deleted before it
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            out.write(body);
        }
        return file;
    }
}
