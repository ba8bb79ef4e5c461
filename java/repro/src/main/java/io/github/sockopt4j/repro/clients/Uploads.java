package io.github.sockopt4j.repro.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The files the clients send, made once per run in a temporary folder (deleted at exit): per
 * scenario the body alone (for clients that build their own request) and the whole HTTP request
 * (for the TLS clients that write raw bytes: {@code openssl s_client}, Python {@code ssl}).
 */
final class Uploads {
    private final Map<ClientScenario, Path> bodies = new EnumMap<>(ClientScenario.class);
    private final Map<ClientScenario, Path> requests = new EnumMap<>(ClientScenario.class);

    Uploads() throws IOException {
        Path dir = Files.createTempDirectory("sockopt4j-uploads");
        dir.toFile().deleteOnExit();
        for (ClientScenario s : ClientScenario.values()) {
            byte[] body = new byte[s.uploadBytes()];
            bodies.put(s, write(dir.resolve(s.id() + ".body"), new byte[0], body));
            byte[] headers = ("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            requests.put(s, write(dir.resolve(s.id() + ".request"), headers, body));
        }
    }

    Path body(ClientScenario s) {
        return bodies.get(s);
    }

    Path request(ClientScenario s) {
        return requests.get(s);
    }

    private static Path write(Path file, byte[] head, byte[] body) {
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
