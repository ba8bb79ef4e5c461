package io.github.sockopt4j.repro.clients;

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
 * A self-signed EC certificate for {@code localhost} and {@code 127.0.0.1}, made by the running
 * JDK's {@code keytool} in a temporary folder: the server's {@link SSLContext} (it trusts its own
 * certificate, so a server that requires client certificates rejects clients that send none) and
 * the certificate as PEM, which the real clients trust ({@code curl --cacert},
 * {@code openssl s_client -CAfile}, Python's {@code cafile}).
 */
public final class TlsMaterial {
    private static final char[] PASSWORD = "sockopt4j".toCharArray();
    private static TlsMaterial instance;

    private final Path certificatePem;
    private final SSLContext serverContext;

    private TlsMaterial(Path certificatePem, SSLContext serverContext) {
        this.certificatePem = certificatePem;
        this.serverContext = serverContext;
    }

    /** Made once per JVM (keytool takes about a second); the folder is deleted at exit. */
    public static synchronized TlsMaterial get() throws IOException {
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

    /** The certificate as PEM, for the clients to trust. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** The server's context: the key, and its own certificate as the only trusted one. */
    public SSLContext serverContext() {
        return serverContext;
    }

    private static TlsMaterial create() throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory("sockopt4j-tls");
        Path keyStore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        for (Path p : List.of(dir, keyStore, pem)) {
            p.toFile().deleteOnExit(); // deleted in reverse order: the files, then the folder
        }
        String password = new String(PASSWORD);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(),
                "-storepass", password, "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new TlsMaterial(pem, context);
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
