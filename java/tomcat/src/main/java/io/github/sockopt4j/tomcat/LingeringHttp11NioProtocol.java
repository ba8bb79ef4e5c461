package io.github.sockopt4j.tomcat;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol, whose closes linger: every connection Tomcat closes is handed to a
 * {@link io.github.sockopt4j.close.LingeringCloser}, which shuts down our output after the
 * response (FIN), reads and discards what the client still sends, and closes at its EOF, an idle
 * or total timeout or a byte cap. Closing with the request body still arriving (an early 413, an
 * upload over {@code maxSwallowSize}) would make the kernel send RST and drop the response; see
 * {@code docs/tomcat.md}. Everything else is Tomcat's {@link Http11NioProtocol}, unchanged.
 *
 * <p>Use it by name, for Tomcat 11.0 and 10.1:
 * <pre>{@code
 * <Connector port="8080" protocol="io.github.sockopt4j.tomcat.LingeringHttp11NioProtocol"
 *            lingeringIdleTimeout="2000" lingeringMaxPending="8192"/>
 * }</pre>
 * or {@code new Connector(LingeringHttp11NioProtocol.class.getName())}; with TLS too. The
 * {@code lingering*} attributes are this class's setters; the defaults are
 * {@link io.github.sockopt4j.close.DrainPolicy#DEFAULT}'s, at most {@code maxConnections} closes
 * pending, and an abortive close beyond (counted). Where it cannot install (no native access,
 * another OS, a Tomcat whose connector it does not know) it logs one line saying why at start and
 * the connector is Tomcat's own.
 */
public class LingeringHttp11NioProtocol extends Http11NioProtocol {

    public LingeringHttp11NioProtocol() {
        super(new LingeringNioEndpoint());
    }

    private LingeringNioEndpoint lingering() {
        return (LingeringNioEndpoint) getEndpoint();
    }

    /**
     * {@code linger} (the default), {@code observe} (Tomcat's own close, reported: what it sent and
     * what it lost; see {@link io.github.sockopt4j.close.CloseMode#OBSERVE}) or {@code off}.
     */
    public void setLingeringMode(String mode) {
        lingering().settings().mode(mode);
    }

    public String getLingeringMode() {
        return lingering().settings().mode().toString();
    }

    /** The longest silence between two reads of the drain, in milliseconds (2000). */
    public void setLingeringIdleTimeout(long millis) {
        lingering().settings().idleTimeoutMillis(millis);
    }

    public long getLingeringIdleTimeout() {
        return lingering().settings().idleTimeoutMillis();
    }

    /** The longest drain in all, in milliseconds (30000). */
    public void setLingeringTotalTimeout(long millis) {
        lingering().settings().totalTimeoutMillis(millis);
    }

    public long getLingeringTotalTimeout() {
        return lingering().settings().totalTimeoutMillis();
    }

    /** The most bytes one drain reads and discards; -1 for no cap (the default). */
    public void setLingeringMaxDrainBytes(long bytes) {
        lingering().settings().maxDrainBytes(bytes);
    }

    public long getLingeringMaxDrainBytes() {
        return lingering().settings().maxDrainBytes();
    }

    /** The most lingering closes at once; -1 (the default) for the connector's {@code maxConnections}. */
    public void setLingeringMaxPending(int closes) {
        lingering().settings().maxPending(closes);
    }

    public int getLingeringMaxPending() {
        return lingering().settings().maxPending();
    }

    /** What a close beyond the limit does: {@code ABORT} (RST, the default) or {@code CLOSE_PLAIN}. */
    public void setLingeringOverflow(String overflow) {
        lingering().settings().overflow(overflow);
    }

    public String getLingeringOverflow() {
        return lingering().settings().overflow().name();
    }

    /** The closer's counters: pending closes, completed ones by how the drain ended, overflows; null when not lingering. */
    public io.github.sockopt4j.close.LingeringCloserStats getLingeringStats() {
        return lingering().stats();
    }
}
