package io.github.sockopt4j.internal.close;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One close sockopt4j made or observed, with its report, for JDK Flight Recorder: event
 * {@code io.github.sockopt4j.Close}. Off by default; a recording turns it on with
 * {@code +io.github.sockopt4j.Close#enabled=true} or the {@code sockopt4j.jfc} settings the jar ships
 * ({@code docs/observability.md}). Queue sizes are -1 where the report has none.
 */
@Name("io.github.sockopt4j.Close")
@Label("Socket Close")
@Category("sockopt4j")
@Description("A TCP close made by sockopt4j: what was unread, unsent and unacknowledged at its start and right"
        + " before the final close(2), how the drain ended, and whether the kernel sent FIN or RST")
@Enabled(false)
@StackTrace(false)
final class CloseEvent extends Event {
    @Label("Integration")
    @Description("What closed it: Close (a blocking strategy), LingeringCloser, Netty, Tomcat, Jetty, Agent")
    String integration;

    @Label("Remote Address")
    String remoteAddress;

    @Label("Strategy")
    String strategy;

    @Label("Final Signal")
    @Description("FIN, RST (the peer may have lost what it had not read, and our unsent bytes were dropped),"
            + " NONE (the peer had reset it), UNKNOWN")
    String finalSignal;

    @Label("Drain End")
    String drainEnd;

    @Label("Bytes Drained")
    @DataAmount
    long bytesDrained;

    @Label("Unread At Start")
    @DataAmount
    long unreadAtStart;

    @Label("Unsent At Start")
    @DataAmount
    long unsentAtStart;

    @Label("Unacked At Start")
    @DataAmount
    long unackedAtStart;

    @Label("Unread At Close")
    @DataAmount
    long unreadAtClose;

    @Label("Unsent At Close")
    @Description("Bytes of the response still unsent when the close sent RST are lost")
    @DataAmount
    long unsentAtClose;

    @Label("Unacked At Close")
    @DataAmount
    long unackedAtClose;

    @Label("Elapsed")
    @Timespan
    long elapsed;

    @Label("Failure")
    String failure;
}
