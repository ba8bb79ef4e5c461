package io.github.sockopt4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate for {@code 127.0.0.1} and {@code localhost}, made by the running
 * JDK's {@code keytool} in a temporary folder: a server {@link SSLContext} (which also trusts the
 * certificate, for a server that asks for client certificates), a client one that trusts it, the
 * key and trust managers for servers that build their own context (Netty's
 * {@code SslContextBuilder}), and the certificate as PEM for the real clients
 * ({@code curl --cacert}, {@code openssl -CAfile}, Python's {@code cafile}).
 */
public final class SelfSignedTls {
    private static final char[] PASSWORD = "sockopt4j".toCharArray();
    private static SelfSignedTls instance;

    private final Path keyStore;
    private final Path certificatePem;
    private final SSLContext server;
    private final SSLContext client;
    private final KeyManagerFactory keyManagers;
    private final TrustManagerFactory trustManagers;

    private SelfSignedTls(Path keyStore, Path certificatePem, SSLContext server, SSLContext client, KeyManagerFactory keyManagers,
                          TrustManagerFactory trustManagers) {
        this.keyStore = keyStore;
        this.certificatePem = certificatePem;
        this.server = server;
        this.client = client;
        this.keyManagers = keyManagers;
        this.trustManagers = trustManagers;
    }

    /**
     * Made once per JVM (keytool takes about a second); the folder is deleted at exit. Every
     * failure is an {@link IOException}, so the command reports it like any other.
     */
    public static synchronized SelfSignedTls get() throws IOException {
        if (instance == null) {
            try {
                instance = create();
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot load the self-signed certificate", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while keytool ran", e);
            }
        }
        return instance;
    }

    /** The key and certificate as a PKCS12 key store (password {@link #password()}), for servers configured by file. */
    public Path keyStore() {
        return keyStore;
    }

    /** The key store's and the key's password. */
    public String password() {
        return new String(PASSWORD);
    }

    /** The certificate as PEM, for the real clients to trust. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** The server's context: the key, and its own certificate as the only trusted one. */
    public SSLContext serverContext() {
        return server;
    }

    /** A client context that trusts the certificate and has no key of its own. */
    public SSLContext clientContext() {
        return client;
    }

    /** The key: the certificate and its private key. */
    public KeyManagerFactory keyManagers() {
        return keyManagers;
    }

    /** The certificate as the only one trusted. */
    public TrustManagerFactory trustManagers() {
        return trustManagers;
    }

    private static SelfSignedTls create() throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory("sockopt4j-tls");
        Path keyStore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        for (Path p : List.of(dir, keyStore, pem)) {
            p.toFile().deleteOnExit(); // deleted in reverse order: the files, then the folder
        }
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(),
                "-storepass", new String(PASSWORD), "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new SelfSignedTls(keyStore, pem, server, client, kmf, tmf);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
