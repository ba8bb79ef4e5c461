package io.github.sockopt4j.netty;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/** Server TLS contexts with a self-signed certificate made at run time by the JDK's own crypto. */
final class TlsServers {
    private static final X509Bundle SERVER;

    static {
        try {
            SERVER = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TlsServers() {}

    /** A server that any client can talk to (clients skip verification). */
    static SslContext open() throws Exception {
        return builder().build();
    }

    /**
     * A server that requires a client certificate signed by its own CA, which no test client has:
     * every handshake ends with the server's fatal alert.
     */
    static SslContext requiringClientCertificate() throws Exception {
        return builder().clientAuth(ClientAuth.REQUIRE).trustManager(SERVER.getCertificate()).build();
    }

    /** For reactor-netty's {@code secure(...)}: the same certificate. */
    static reactor.netty.http.Http11SslContextSpec reactorSpec() {
        return reactor.netty.http.Http11SslContextSpec.forServer(SERVER.getKeyPair().getPrivate(), SERVER.getCertificate());
    }

    private static SslContextBuilder builder() {
        return SslContextBuilder.forServer(SERVER.getKeyPair().getPrivate(), SERVER.getCertificate());
    }
}
