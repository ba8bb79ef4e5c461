package io.github.sockopt4j.testkit.servers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * An embedded Tomcat, at its defaults, whose {@code POST} answers 413 after reading 100 bytes of
 * the body, and whose {@code GET} answers 200 (for keep-alive clients); its connector's protocol
 * is given by name: Tomcat's own {@link #TOMCAT_PROTOCOL}, or sockopt4j's. The same server both
 * ways, so one is the other's negative control. Needs {@code tomcat-embed-core} on the class path
 * (the kit does not bring it).
 */
public final class EarlyResponseTomcat implements AutoCloseable {
    public static final String TOMCAT_PROTOCOL = "org.apache.coyote.http11.Http11NioProtocol";
    public static final String RESPONSE_BODY = "upload too large\n";

    private final Tomcat tomcat;
    private final Connector connector;
    private final Path base;

    private EarlyResponseTomcat(Tomcat tomcat, Connector connector, Path base) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.base = base;
    }

    /**
     * @param protocol   the connector's protocol class name
     * @param keyStore   a PKCS12 key store for TLS (password {@code password}), or null for plain HTTP
     * @param attributes connector attributes ({@code lingeringMaxPending}, {@code maxConnections}, ...)
     */
    public static EarlyResponseTomcat start(String protocol, Path keyStore, String password,
                                            Map<String, String> attributes) throws IOException, LifecycleException {
        Path base = Files.createTempDirectory("sockopt4j-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector(protocol);
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        attributes.forEach((name, value) -> {
            if (!connector.setProperty(name, value)) {
                throw new IllegalArgumentException("connector attribute " + name + " = " + value + " not taken");
            }
        });
        if (keyStore != null) {
            connector.setSecure(true);
            connector.setScheme("https");
            connector.setProperty("SSLEnabled", "true");
            SSLHostConfig ssl = new SSLHostConfig();
            SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystoreFile(keyStore.toString());
            certificate.setCertificateKeystorePassword(password);
            certificate.setCertificateKeystoreType("PKCS12");
            ssl.addCertificate(certificate);
            connector.addSslHostConfig(ssl);
        }
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "early", new EarlyResponseServlet());
        context.addServletMappingDecoded("/*", "early");
        tomcat.start();
        return new EarlyResponseTomcat(tomcat, connector, base);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The connector's protocol handler, an instance of the protocol class given. */
    public ProtocolHandler protocol() {
        return connector.getProtocolHandler();
    }

    @Override
    public void close() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            try (var files = Files.walk(base)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The early response: 413 with the body mostly unread, as an upload limit answers. */
    private static final class EarlyResponseServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().read(new byte[100]);
            response.setStatus(413);
            response.setContentType("text/plain");
            response.getWriter().write(RESPONSE_BODY);
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("hello\n");
        }
    }
}
