package io.github.sockopt4j.spring;

import io.github.sockopt4j.close.CloseMode;
import io.github.sockopt4j.close.DrainPolicy;
import io.github.sockopt4j.close.OverflowPolicy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code sockopt4j.close.*}: how the web server's closes linger. A lingering close shuts down our
 * output after the response (FIN), reads and discards what the client still sends, and closes at
 * its EOF, the idle or total timeout, or the byte cap: closing with the request body still arriving
 * would make the kernel send RST and drop the response.
 */
@ConfigurationProperties("sockopt4j.close")
public class CloseProperties {
    /** Whether sockopt4j acts on the web server's closes at all; false leaves the server as it is. */
    private boolean enabled = true;
    /**
     * LINGER: the web server's closes linger (drain, then close). OBSERVE: the server closes as it
     * always did, and each close is reported (JFR event, metrics): FIN, or RST with the bytes
     * unread and the response bytes still unsent, lost. OFF: as enabled=false.
     */
    private CloseMode mode = CloseMode.LINGER;
    /** The longest silence between two reads of a drain; at most the total timeout. */
    private Duration idleTimeout = Duration.ofSeconds(2);
    /** The longest drain in all, from the start of the close. */
    private Duration totalTimeout = Duration.ofSeconds(30);
    /** The most bytes one drain reads and discards; unset for no cap (the total timeout bounds it). */
    private DataSize maxDrainBytes;
    /** The most lingering closes at once (Tomcat, Jetty); unset for Tomcat's maxConnections, Jetty's 65536. */
    private Integer maxPending;
    /** What a close beyond max-pending does (Tomcat, Jetty): ABORT (RST, counted) or CLOSE_PLAIN. */
    private OverflowPolicy overflow = OverflowPolicy.ABORT;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public CloseMode getMode() {
        return mode;
    }

    public void setMode(CloseMode mode) {
        this.mode = mode;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getTotalTimeout() {
        return totalTimeout;
    }

    public void setTotalTimeout(Duration totalTimeout) {
        this.totalTimeout = totalTimeout;
    }

    public DataSize getMaxDrainBytes() {
        return maxDrainBytes;
    }

    public void setMaxDrainBytes(DataSize maxDrainBytes) {
        this.maxDrainBytes = maxDrainBytes;
    }

    public Integer getMaxPending() {
        return maxPending;
    }

    public void setMaxPending(Integer maxPending) {
        this.maxPending = maxPending;
    }

    public OverflowPolicy getOverflow() {
        return overflow;
    }

    public void setOverflow(OverflowPolicy overflow) {
        this.overflow = overflow;
    }

    /**
     * The drain limits these properties give, checked: an invalid one fails the application's
     * start with a message naming the value and its range.
     */
    public DrainPolicy drainPolicy() {
        return new DrainPolicy(idleTimeout, totalTimeout, maxDrainBytes == null ? Long.MAX_VALUE : maxDrainBytes.toBytes(),
                DrainPolicy.DEFAULT.bufferSize());
    }
}
