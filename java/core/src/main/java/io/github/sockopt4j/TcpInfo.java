package io.github.sockopt4j;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One reading of {@code getsockopt(TCP_INFO)} (tcp(7)): every member of Linux's
 * {@code struct tcp_info}, decoded by the length the kernel returned. Immutable.
 *
 * <p><b>Absent is not zero.</b> A kernel fills as much of the struct as it knows (280 bytes on
 * Linux 6.18; the headers of older distributions describe 232). Members it did not fill are
 * absent: their accessors return an empty {@link OptionalLong} / {@link Optional}, and
 * {@link #has(TcpInfoField)} says so for any field. The members every Linux since 2.6 fills are
 * returned directly.
 *
 * <p>Times are {@link Duration}s (the kernel counts them in microseconds or milliseconds, see
 * {@link TcpInfoField#unit()}); counts of segments and bytes are unsigned. For a loop that must
 * not allocate, use {@link NativeSocket#tcpInfo(ReusableTcpInfo)} and {@link #get(TcpInfoField)}.
 */
public final class TcpInfo extends TcpInfoValues {

    TcpInfo(byte[] raw, int length) {
        super(raw, length);
    }

    /** The value of {@code field} in its unit, or empty when the kernel did not fill it. */
    public OptionalLong find(TcpInfoField field) {
        return has(field) ? OptionalLong.of(raw(field)) : OptionalLong.empty();
    }

    private Optional<Duration> duration(TcpInfoField field, ChronoUnit unit) {
        return has(field) ? Optional.of(Duration.of(raw(field), unit)) : Optional.empty();
    }

    /** The congestion-avoidance state ({@code TCP_CA_Open} 0, {@code Disorder} 1, {@code CWR} 2, {@code Recovery} 3, {@code Loss} 4) ({@code tcpi_ca_state}). */
    public int caState() {
        return (int) raw(TcpInfoField.CA_STATE);
    }

    /** Retransmission timeouts in a row for the current segment ({@code tcpi_retransmits}). */
    public int retransmits() {
        return (int) raw(TcpInfoField.RETRANSMITS);
    }

    /** Unanswered zero-window or keepalive probes ({@code tcpi_probes}). */
    public int probes() {
        return (int) raw(TcpInfoField.PROBES);
    }

    /** The exponential backoff of the retransmission timer ({@code tcpi_backoff}). */
    public int backoff() {
        return (int) raw(TcpInfoField.BACKOFF);
    }

    /** Negotiated options, {@code TCPI_OPT_*} bits: 1 timestamps, 2 SACK, 4 window scaling, 8 ECN, 16 ECN seen, 32 SYN data ({@code tcpi_options}). */
    public int options() {
        return (int) raw(TcpInfoField.OPTIONS);
    }

    /** The peer's window scale (shift) ({@code tcpi_snd_wscale}). */
    public int sndWscale() {
        return (int) raw(TcpInfoField.SND_WSCALE);
    }

    /** Our window scale (shift) ({@code tcpi_rcv_wscale}). */
    public int rcvWscale() {
        return (int) raw(TcpInfoField.RCV_WSCALE);
    }

    /** Whether the last delivery-rate sample was limited by the application (false before Linux 4.9) ({@code tcpi_delivery_rate_app_limited}). */
    public boolean deliveryRateAppLimited() {
        return raw(TcpInfoField.DELIVERY_RATE_APP_LIMITED) != 0;
    }

    /** Why a TCP Fast Open client attempt failed, 0 for none (0 before Linux 5.5) ({@code tcpi_fastopen_client_fail}). */
    public int fastopenClientFail() {
        return (int) raw(TcpInfoField.FASTOPEN_CLIENT_FAIL);
    }

    /** The retransmission timeout ({@code tcpi_rto}). */
    public Duration rto() {
        return Duration.of(raw(TcpInfoField.RTO), ChronoUnit.MICROS);
    }

    /** The delayed-ACK timeout ({@code tcpi_ato}). */
    public Duration ato() {
        return Duration.of(raw(TcpInfoField.ATO), ChronoUnit.MICROS);
    }

    /** The sending MSS in bytes ({@code tcpi_snd_mss}). */
    public int sndMss() {
        return (int) raw(TcpInfoField.SND_MSS);
    }

    /** The estimated receiving MSS in bytes ({@code tcpi_rcv_mss}). */
    public int rcvMss() {
        return (int) raw(TcpInfoField.RCV_MSS);
    }

    /** Segments sent and not yet acknowledged (on a listener: the accept queue length) ({@code tcpi_unacked}). */
    public int unacked() {
        return (int) raw(TcpInfoField.UNACKED);
    }

    /** Segments selectively acknowledged (on a listener: the accept queue limit) ({@code tcpi_sacked}). */
    public int sacked() {
        return (int) raw(TcpInfoField.SACKED);
    }

    /** Segments considered lost ({@code tcpi_lost}). */
    public int lost() {
        return (int) raw(TcpInfoField.LOST);
    }

    /** Segments retransmitted and not yet acknowledged ({@code tcpi_retrans}). */
    public int retrans() {
        return (int) raw(TcpInfoField.RETRANS);
    }

    /** Forward-acknowledged segments (always 0 since Linux 4.15) ({@code tcpi_fackets}). */
    public int fackets() {
        return (int) raw(TcpInfoField.FACKETS);
    }

    /** Time since data was last sent ({@code tcpi_last_data_sent}). */
    public Duration lastDataSent() {
        return Duration.of(raw(TcpInfoField.LAST_DATA_SENT), ChronoUnit.MILLIS);
    }

    /** Time since an ACK was last sent (the kernel does not track it: 0) ({@code tcpi_last_ack_sent}). */
    public Duration lastAckSent() {
        return Duration.of(raw(TcpInfoField.LAST_ACK_SENT), ChronoUnit.MILLIS);
    }

    /** Time since data was last received ({@code tcpi_last_data_recv}). */
    public Duration lastDataRecv() {
        return Duration.of(raw(TcpInfoField.LAST_DATA_RECV), ChronoUnit.MILLIS);
    }

    /** Time since an ACK was last received ({@code tcpi_last_ack_recv}). */
    public Duration lastAckRecv() {
        return Duration.of(raw(TcpInfoField.LAST_ACK_RECV), ChronoUnit.MILLIS);
    }

    /** The path MTU in bytes ({@code tcpi_pmtu}). */
    public int pmtu() {
        return (int) raw(TcpInfoField.PMTU);
    }

    /** The receive-window slow-start threshold in bytes ({@code tcpi_rcv_ssthresh}). */
    public long rcvSsthresh() {
        return raw(TcpInfoField.RCV_SSTHRESH);
    }

    /** The smoothed round-trip time ({@code tcpi_rtt}). */
    public Duration rtt() {
        return Duration.of(raw(TcpInfoField.RTT), ChronoUnit.MICROS);
    }

    /** The round-trip time variation ({@code tcpi_rttvar}). */
    public Duration rttvar() {
        return Duration.of(raw(TcpInfoField.RTTVAR), ChronoUnit.MICROS);
    }

    /** The slow-start threshold in segments ({@code tcpi_snd_ssthresh}). */
    public long sndSsthresh() {
        return raw(TcpInfoField.SND_SSTHRESH);
    }

    /** The congestion window in segments ({@code tcpi_snd_cwnd}). */
    public long sndCwnd() {
        return raw(TcpInfoField.SND_CWND);
    }

    /** The advertised MSS in bytes ({@code tcpi_advmss}). */
    public int advmss() {
        return (int) raw(TcpInfoField.ADVMSS);
    }

    /** The reordering tolerance in segments ({@code tcpi_reordering}). */
    public long reordering() {
        return raw(TcpInfoField.REORDERING);
    }

    /** The receiver's round-trip time estimate ({@code tcpi_rcv_rtt}). */
    public Duration rcvRtt() {
        return Duration.of(raw(TcpInfoField.RCV_RTT), ChronoUnit.MICROS);
    }

    /** The receive-buffer autotuning space in bytes ({@code tcpi_rcv_space}). */
    public long rcvSpace() {
        return raw(TcpInfoField.RCV_SPACE);
    }

    /** Segments retransmitted over the connection's life ({@code tcpi_total_retrans}). */
    public long totalRetrans() {
        return raw(TcpInfoField.TOTAL_RETRANS);
    }

    /** The pacing rate in bytes per second (-1: unlimited) ({@code tcpi_pacing_rate}); empty before Linux 3.15. */
    public OptionalLong pacingRate() {
        return find(TcpInfoField.PACING_RATE);
    }

    /** The {@code SO_MAX_PACING_RATE} cap in bytes per second (-1: none) ({@code tcpi_max_pacing_rate}); empty before Linux 3.15. */
    public OptionalLong maxPacingRate() {
        return find(TcpInfoField.MAX_PACING_RATE);
    }

    /** Bytes acknowledged by the peer, counting our SYN as one (RFC 4898 tcpEStatsAppHCThruOctetsAcked) ({@code tcpi_bytes_acked}); empty before Linux 4.1. */
    public OptionalLong bytesAcked() {
        return find(TcpInfoField.BYTES_ACKED);
    }

    /** Bytes received in order (RFC 4898 tcpEStatsAppHCThruOctetsReceived) ({@code tcpi_bytes_received}); empty before Linux 4.1. */
    public OptionalLong bytesReceived() {
        return find(TcpInfoField.BYTES_RECEIVED);
    }

    /** Segments sent, including retransmissions and pure ACKs ({@code tcpi_segs_out}); empty before Linux 4.2. */
    public OptionalLong segsOut() {
        return find(TcpInfoField.SEGS_OUT);
    }

    /** Segments received ({@code tcpi_segs_in}); empty before Linux 4.2. */
    public OptionalLong segsIn() {
        return find(TcpInfoField.SEGS_IN);
    }

    /** Bytes queued and not yet sent ({@code tcpi_notsent_bytes}); empty before Linux 4.6. */
    public OptionalLong notsentBytes() {
        return find(TcpInfoField.NOTSENT_BYTES);
    }

    /** The minimum round-trip time seen ({@code tcpi_min_rtt}); empty before Linux 4.6. */
    public Optional<Duration> minRtt() {
        return duration(TcpInfoField.MIN_RTT, ChronoUnit.MICROS);
    }

    /** Segments received that carried data ({@code tcpi_data_segs_in}); empty before Linux 4.6. */
    public OptionalLong dataSegsIn() {
        return find(TcpInfoField.DATA_SEGS_IN);
    }

    /** Segments sent that carried data ({@code tcpi_data_segs_out}); empty before Linux 4.6. */
    public OptionalLong dataSegsOut() {
        return find(TcpInfoField.DATA_SEGS_OUT);
    }

    /** The latest delivery-rate sample in bytes per second ({@code tcpi_delivery_rate}); empty before Linux 4.9. */
    public OptionalLong deliveryRate() {
        return find(TcpInfoField.DELIVERY_RATE);
    }

    /** Time spent with data in flight ({@code tcpi_busy_time}); empty before Linux 4.10. */
    public Optional<Duration> busyTime() {
        return duration(TcpInfoField.BUSY_TIME, ChronoUnit.MICROS);
    }

    /** Time spent limited by the peer's receive window ({@code tcpi_rwnd_limited}); empty before Linux 4.10. */
    public Optional<Duration> rwndLimited() {
        return duration(TcpInfoField.RWND_LIMITED, ChronoUnit.MICROS);
    }

    /** Time spent limited by our send buffer ({@code tcpi_sndbuf_limited}); empty before Linux 4.10. */
    public Optional<Duration> sndbufLimited() {
        return duration(TcpInfoField.SNDBUF_LIMITED, ChronoUnit.MICROS);
    }

    /** Segments delivered, including retransmissions ({@code tcpi_delivered}); empty before Linux 4.18. */
    public OptionalLong delivered() {
        return find(TcpInfoField.DELIVERED);
    }

    /** Segments delivered with an ECN congestion mark echoed ({@code tcpi_delivered_ce}); empty before Linux 4.18. */
    public OptionalLong deliveredCe() {
        return find(TcpInfoField.DELIVERED_CE);
    }

    /** Bytes sent, including retransmissions (RFC 4898 tcpEStatsPerfHCDataOctetsOut) ({@code tcpi_bytes_sent}); empty before Linux 4.19. */
    public OptionalLong bytesSent() {
        return find(TcpInfoField.BYTES_SENT);
    }

    /** Bytes retransmitted (RFC 4898 tcpEStatsPerfOctetsRetrans) ({@code tcpi_bytes_retrans}); empty before Linux 4.19. */
    public OptionalLong bytesRetrans() {
        return find(TcpInfoField.BYTES_RETRANS);
    }

    /** Duplicate segments reported by D-SACK ({@code tcpi_dsack_dups}); empty before Linux 4.19. */
    public OptionalLong dsackDups() {
        return find(TcpInfoField.DSACK_DUPS);
    }

    /** Reordering events seen ({@code tcpi_reord_seen}); empty before Linux 4.19. */
    public OptionalLong reordSeen() {
        return find(TcpInfoField.REORD_SEEN);
    }

    /** Out-of-order segments received ({@code tcpi_rcv_ooopack}); empty before Linux 5.4. */
    public OptionalLong rcvOoopack() {
        return find(TcpInfoField.RCV_OOOPACK);
    }

    /** The peer's advertised receive window after scaling, in bytes ({@code tcpi_snd_wnd}); empty before Linux 5.4. */
    public OptionalLong sndWnd() {
        return find(TcpInfoField.SND_WND);
    }

    /** Our advertised receive window after scaling, in bytes ({@code tcpi_rcv_wnd}); empty before Linux 6.2. */
    public OptionalLong rcvWnd() {
        return find(TcpInfoField.RCV_WND);
    }

    /** Path rehash attempts (PLB or timeouts) ({@code tcpi_rehash}); empty before Linux 6.2. */
    public OptionalLong rehash() {
        return find(TcpInfoField.REHASH);
    }

    /** Retransmission timeouts, including SYN and repeated ones ({@code tcpi_total_rto}); empty before Linux 6.7. */
    public OptionalLong totalRto() {
        return find(TcpInfoField.TOTAL_RTO);
    }

    /** Recoveries after retransmission timeouts, including an unfinished one ({@code tcpi_total_rto_recoveries}); empty before Linux 6.7. */
    public OptionalLong totalRtoRecoveries() {
        return find(TcpInfoField.TOTAL_RTO_RECOVERIES);
    }

    /** Time spent recovering from retransmission timeouts ({@code tcpi_total_rto_time}); empty before Linux 6.7. */
    public Optional<Duration> totalRtoTime() {
        return duration(TcpInfoField.TOTAL_RTO_TIME, ChronoUnit.MILLIS);
    }

    /** Segments received with an ECN congestion mark ({@code tcpi_received_ce}); empty before Linux 6.18. */
    public OptionalLong receivedCe() {
        return find(TcpInfoField.RECEIVED_CE);
    }

    /** Bytes delivered with ECT(1) (Accurate ECN) ({@code tcpi_delivered_e1_bytes}); empty before Linux 6.18. */
    public OptionalLong deliveredE1Bytes() {
        return find(TcpInfoField.DELIVERED_E1_BYTES);
    }

    /** Bytes delivered with ECT(0) (Accurate ECN) ({@code tcpi_delivered_e0_bytes}); empty before Linux 6.18. */
    public OptionalLong deliveredE0Bytes() {
        return find(TcpInfoField.DELIVERED_E0_BYTES);
    }

    /** Bytes delivered with CE (Accurate ECN) ({@code tcpi_delivered_ce_bytes}); empty before Linux 6.18. */
    public OptionalLong deliveredCeBytes() {
        return find(TcpInfoField.DELIVERED_CE_BYTES);
    }

    /** Bytes received with ECT(1) (Accurate ECN) ({@code tcpi_received_e1_bytes}); empty before Linux 6.18. */
    public OptionalLong receivedE1Bytes() {
        return find(TcpInfoField.RECEIVED_E1_BYTES);
    }

    /** Bytes received with ECT(0) (Accurate ECN) ({@code tcpi_received_e0_bytes}); empty before Linux 6.18. */
    public OptionalLong receivedE0Bytes() {
        return find(TcpInfoField.RECEIVED_E0_BYTES);
    }

    /** Bytes received with CE (Accurate ECN) ({@code tcpi_received_ce_bytes}); empty before Linux 6.18. */
    public OptionalLong receivedCeBytes() {
        return find(TcpInfoField.RECEIVED_CE_BYTES);
    }

    /** The negotiated ECN mode: 0 disabled, 1 RFC 3168, 2 Accurate ECN, 3 pending ({@code tcpi_ecn_mode}); empty before Linux 6.18. */
    public OptionalLong ecnMode() {
        return find(TcpInfoField.ECN_MODE);
    }

    /** Which Accurate ECN option was seen: 0 none, 1 empty, 2 counters, 3 failed ({@code tcpi_accecn_opt_seen}); empty before Linux 6.18. */
    public OptionalLong accecnOptSeen() {
        return find(TcpInfoField.ACCECN_OPT_SEEN);
    }

    /** Accurate ECN failure bits ({@code tcpi_accecn_fail_mode}); empty before Linux 6.18. */
    public OptionalLong accecnFailMode() {
        return find(TcpInfoField.ACCECN_FAIL_MODE);
    }

    /** Further option bits (reserved) ({@code tcpi_options2}); empty before Linux 6.18. */
    public OptionalLong options2() {
        return find(TcpInfoField.OPTIONS2);
    }
}
