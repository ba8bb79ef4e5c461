package io.github.sockopt4j.netty;

import io.github.sockopt4j.testkit.SelfSignedTls;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.nio.file.Path;
import reactor.netty.http.Http11SslContextSpec;

/** Server TLS contexts with the test kit's self-signed certificate, which the real clients trust. */
final class TlsServers {
    private TlsServers() {}

    /** A server that any client can talk to. */
    static SslContext open() throws Exception {
        return SslContextBuilder.forServer(SelfSignedTls.get().keyManagers()).build();
    }

    /**
     * A server that requires a client certificate signed by its own, which no test client has:
     * every handshake ends with the server's fatal alert.
     */
    static SslContext requiringClientCertificate() throws Exception {
        SelfSignedTls tls = SelfSignedTls.get();
        return SslContextBuilder.forServer(tls.keyManagers()).trustManager(tls.trustManagers())
                .clientAuth(ClientAuth.REQUIRE).build();
    }

    /** For reactor-netty's {@code secure(...)}: the same certificate. */
    static Http11SslContextSpec reactorSpec() throws Exception {
        return Http11SslContextSpec.forServer(SelfSignedTls.get().keyManagers());
    }

    /** The certificate the TLS clients trust. */
    static Path certificatePem() throws Exception {
        return SelfSignedTls.get().certificatePem();
    }
}
