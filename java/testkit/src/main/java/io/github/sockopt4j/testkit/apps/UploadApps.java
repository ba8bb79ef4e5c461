package io.github.sockopt4j.testkit.apps;

import io.github.sockopt4j.testkit.AppProcess;
import io.github.sockopt4j.testkit.SelfSignedTls;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.Outcomes;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upload app of a Spring Boot test module (its {@code UploadApp}: {@code POST /upload} answers
 * 413 unread, {@code POST /multipart} is bounded at 1 MB), started in child JVMs four ways: with
 * and without sockopt4j on its class path, plain and over TLS; and the real-client trials against
 * it, with their assertions. The module's test names the cells and the clients that deliver by
 * themselves; the trials per cell come from {@code -Dsockopt4j.trials} (10).
 *
 * <p>The module's build passes {@code sockopt4j.appClasses} (its classes), {@code
 * sockopt4j.appClasspath} (a file with its runtime class path) and {@code sockopt4j.jvmFlags}.
 */
public final class UploadApps implements AutoCloseable {
    public static final int TRIALS = Integer.getInteger("sockopt4j.trials", 10);
    public static final String MAIN_CLASS = "io.github.sockopt4j.bootapp.UploadApp";
    /** Plain HTTP clients, each with the endpoint it uploads to (requests sends a multipart form). */
    public static final List<RealClient> HTTP_CLIENTS = List.of(RealClient.PYTHON_HTTP_CLIENT, RealClient.PYTHON_URLLIB,
            RealClient.PYTHON_REQUESTS, RealClient.WGET, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL);
    public static final List<RealClient> TLS_CLIENTS = List.of(RealClient.OPENSSL_S_CLIENT, RealClient.PYTHON_SSL,
            RealClient.CURL_HTTPS);
    public static final int[] SIZES = {8 << 20, 64 << 20};

    private final String server;
    private final List<String> classPath;
    private final Map<String, AppProcess> apps = new HashMap<>();
    private final Map<String, Upload> uploads = new HashMap<>();

    private UploadApps(String server, List<String> classPath) {
        this.server = server;
        this.classPath = classPath;
    }

    /** @param server what the app runs on, for the printed lines ("Boot 4 / Tomcat 11") */
    public static UploadApps of(String server) throws IOException {
        List<String> classPath = new ArrayList<>();
        classPath.add(property("sockopt4j.appClasses"));
        classPath.addAll(AppProcess.classPathFile(Path.of(property("sockopt4j.appClasspath"))));
        return new UploadApps(server, classPath);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: the module's pom passes it to surefire");
        }
        return value;
    }

    /** The app, started at the first call: with sockopt4j or without (its jars left off the class path), plain or TLS. */
    public synchronized AppProcess app(boolean sockopt4j, boolean tls) throws IOException, InterruptedException {
        String key = sockopt4j + "/" + tls;
        AppProcess app = apps.get(key);
        if (app == null) {
            List<String> cp = sockopt4j ? classPath : AppProcess.without(classPath, e -> e.contains("sockopt4j"));
            List<String> flags = sockopt4j ? Arrays.asList(property("sockopt4j.jvmFlags").split(" ")) : List.of();
            List<String> args = new ArrayList<>();
            if (tls) {
                SelfSignedTls material = SelfSignedTls.get();
                args.addAll(List.of("--server.ssl.key-store=" + material.keyStore(),
                        "--server.ssl.key-store-password=" + material.password(), "--server.ssl.key-store-type=PKCS12"));
            }
            app = AppProcess.start(cp, flags, "Started UploadApp", MAIN_CLASS, args.toArray(String[]::new));
            apps.put(key, app);
            if (sockopt4j && !app.log().contains("sockopt4j: lingering closes on")) {
                throw new AssertionError("the starter did not say it installed; the app's output:\n" + app.log());
            }
        }
        return app;
    }

    /** {@code trials} uploads of {@code size} bytes by {@code client} to the app. */
    public List<ClientOutcome> trials(RealClient client, int size, boolean sockopt4j)
            throws IOException, InterruptedException {
        client.requireInstalled();
        String path = client == RealClient.PYTHON_REQUESTS ? "/multipart" : "/upload";
        Upload upload = uploads.get(path + size);
        if (upload == null) {
            upload = Upload.of(size, path);
            uploads.put(path + size, upload);
        }
        AppProcess app = app(sockopt4j, client.tls());
        Path pem = client.tls() ? SelfSignedTls.get().certificatePem() : null;
        List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, app.port(), upload, pem, TRIALS);
        System.out.printf("[boot-cell] %-22s %-13s %-20s %9d bytes: %s%n", server, sockopt4j ? "sockopt4j" : "without",
                client.id(), size, Outcomes.summary(outcomes));
        return outcomes;
    }

    /** With sockopt4j: every trial delivers the 413. */
    public void assertEveryTrialDelivered(RealClient client, int size) throws IOException, InterruptedException {
        List<ClientOutcome> outcomes = trials(client, size, true);
        if (Outcomes.delivered(outcomes) != outcomes.size()) {
            throw new AssertionError(server + " with sockopt4j, " + client.id() + ", " + size + " bytes: "
                    + Outcomes.summary(outcomes));
        }
    }

    /**
     * Without sockopt4j: the loss is reproduced (most trials lose the 413), unless the client is
     * one the module names as delivering by itself on this server (then the line is printed only).
     */
    public void assertLossReproduced(RealClient client, int size, Set<RealClient> deliverByThemselves)
            throws IOException, InterruptedException {
        List<ClientOutcome> outcomes = trials(client, size, false);
        if (!deliverByThemselves.contains(client) && Outcomes.delivered(outcomes) >= outcomes.size() / 2.0) {
            throw new AssertionError(server + " without sockopt4j delivered to " + client.id() + " (" + size
                    + " bytes) in most trials, the negative control shows no loss: " + Outcomes.summary(outcomes));
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (AppProcess app : apps.values()) {
            app.close();
        }
    }
}
