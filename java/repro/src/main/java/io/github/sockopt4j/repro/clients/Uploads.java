package io.github.sockopt4j.repro.clients;

import io.github.sockopt4j.testkit.clients.Upload;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/** The uploads of the command's scenarios, made once per run: each scenario's size, to {@code /upload}. */
final class Uploads {
    private final Map<ClientScenario, Upload> uploads = new EnumMap<>(ClientScenario.class);

    Uploads() throws IOException {
        for (ClientScenario s : ClientScenario.values()) {
            uploads.put(s, Upload.of(s.uploadBytes(), "/upload"));
        }
    }

    Upload of(ClientScenario s) {
        return uploads.get(s);
    }
}
