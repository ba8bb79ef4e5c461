package io.github.sockopt4j.close;

import io.github.sockopt4j.Linger;
import io.github.sockopt4j.NativeSocket;
import io.github.sockopt4j.SocketQueues;
import io.github.sockopt4j.TcpState;
import io.github.sockopt4j.internal.CloseLook;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.QueueLook;
import io.github.sockopt4j.internal.close.CloseEngine;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ways to close a TCP connection, each returning a {@link CloseReport} that says what happened.
 *
 * <p><b>Which one.</b> Linux {@code close(2)} with even one unread byte sends RST and discards
 * every byte of ours the peer has not yet received; so does data that arrives after our close.
 * <ul>
 *   <li>{@link #lingering lingering}: the safe default for a server ending a connection while
 *       the peer may still send (an early error response, a TLS alert, HTTP/1.1 "Connection:
 *       close"). What httpd and nginx do.</li>
 *   <li>{@link #afterAcked afterAcked}: the protocol guarantees the peer sends nothing more, and
 *       you want to know the peer's kernel has everything before you move on. What
 *       {@code SO_LINGER {1, n}} promises, without blocking in the kernel.</li>
 *   <li>{@link #abortive abortive}: on purpose, RST now, no TIME_WAIT (a timed-out or hostile
 *       peer, a backend connection you give up on).</li>
 *   <li>{@link #plain plain}: the kernel default, with a report that says whether it reset.</li>
 * </ul>
 *
 * <p><b>What every strategy guarantees.</b> It ends with the JDK's own {@code close()}, never a
 * native {@code close(2)} on the JDK's fd. Once it has started, it always closes the socket and
 * returns a report, whatever fails on the way (the report's {@link CloseReport#failure()} says
 * what); only if the very first look at the queues fails does it close and throw that error. Waiting happens in JDK I/O (timed reads) or {@link Thread#sleep}, never in native code, so
 * a virtual thread unmounts while it waits. Write buffers of your own (a
 * {@code BufferedOutputStream}, a TLS engine's {@code close_notify}) must be flushed before:
 * sockopt4j sees only the kernel's queues.
 *
 * <p><b>Misuse.</b> A socket already closed: {@link ClosedChannelException}, before anything is
 * done (so a second call on the same socket throws it too). Two threads closing the same socket
 * at once: one closes it, the other gets a {@link CloseInProgressException} (a
 * {@code ClosedChannelException}) naming the thread, and does nothing. An interrupted closing
 * thread: see {@link DrainEnd#INTERRUPTED}. An {@code SSLSocket} layered over a plain socket
 * ({@code SSLSocketFactory.createSocket(socket, host, port, autoClose)}) has no fd sockopt4j can
 * reach: it is closed with its own {@code close()} and an {@link IllegalArgumentException} says to
 * pass the plain socket instead (layer with {@code autoClose = false}). Nor can it reach the fd
 * of a {@code Socket} with a {@code SocketImpl} of its own or of a {@code SocketChannel} of another
 * {@code SelectorProvider}: with native access these too are closed with their own
 * {@code close()}, then refused with an {@link UnsupportedOperationException}.
 *
 * <p><b>TLS.</b> An {@code SSLSocket} accepted by an {@code SSLServerSocket} is closed like any
 * socket: its {@code shutdownOutput()} sends {@code close_notify} before the FIN, and the drain
 * reads the TCP bytes below the TLS layer, so {@link CloseReport#bytesDrained()} counts what the
 * queues count (records as received, not decrypted bytes).
 *
 * <p><b>Non-blocking channels.</b> {@link #plain}, {@link #abortive} and {@link #afterAcked} work
 * in either mode (they do not read; {@code afterAcked} blocks the calling thread while it waits).
 * {@link #lingering} needs timed reads, which the JDK allows only in blocking mode: on a
 * non-blocking channel it throws {@link IllegalBlockingModeException} before doing anything.
 * {@link #lingeringAsync} and {@link LingeringCloser} linger on selector-driven channels without a
 * thread per close.
 *
 * <p>The {@code Socket} overloads also take a channel's adaptor socket, which is closed as that
 * channel.
 *
 * <p><b>Without native access</b> (the JVM flags missing, another OS or architecture: see
 * {@link NativeSocket#unavailableReason}) every strategy still closes the socket, with the JDK's
 * own calls: {@code SO_LINGER} through the JDK's option, {@code shutdownOutput}, the drain's
 * reads, {@code close()}. What only the kernel's queues tell is unknown: the report's
 * {@link CloseReport#atStart()} and {@link CloseReport#atClose()} are empty and its
 * {@link FinalSignal} is {@link FinalSignal#UNKNOWN}; {@link #afterAcked afterAcked}, which cannot
 * see the ACK, half-closes, closes and reports {@link DrainEnd#ERROR} with the reason.
 */
public final class Close {
    /**
     * The longest single read of the drain. {@code Socket} reads on platform threads do not wake
     * on interrupt, so the drain looks at the interrupt status at least this often.
     */
    private static final long READ_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** The ACK wait's longest pause between two {@code SIOCOUTQ} polls. */
    private static final long MAX_POLL_PAUSE_MILLIS = 10;

    private Close() {}

    // ---- plain ----------------------------------------------------------------------------

    /**
     * The kernel's default close, reported. Reads the queues once ({@link SocketQueues#of}; the
     * report's {@code atStart} and {@code atClose} are that reading, as nothing happens in
     * between), {@code SO_LINGER} when nothing is unread, then calls the JDK's {@code close()}. With
     * unread bytes (or {@code SO_LINGER {1, 0}}) Linux sends RST and drops every byte the peer has
     * not yet received: the report says {@link FinalSignal#RST} and how many bytes were queued.
     * Otherwise FIN, and the kernel goes on sending the queue after {@code close()} returns (with
     * {@code SO_LINGER {1, n}} it blocks until the FIN is ACKed).
     *
     * @throws ClosedChannelException if the channel is already closed, or
     *         {@link CloseInProgressException} if another thread is closing it
     */
    public static CloseReport plain(SocketChannel channel) throws IOException {
        return run(CloseTarget.of(requireNonNull(channel)), CloseStrategy.PLAIN, Close::noWait);
    }

    /** {@link #plain(SocketChannel)} for a {@code java.net.Socket}. */
    public static CloseReport plain(Socket socket) throws IOException {
        return run(CloseTarget.of(requireNonNull(socket)), CloseStrategy.PLAIN, Close::noWait);
    }

    // ---- abortive -------------------------------------------------------------------------

    /**
     * The abortive close: {@code setsockopt(SO_LINGER, {1, 0})}, then the JDK's {@code close()}.
     * Linux sends RST at once, drops both queues and leaves no TIME_WAIT; the peer's next call
     * fails with {@code ECONNRESET} after it has read what had already arrived. Counted as
     * {@code TcpExtTCPAbortOnData} (or {@code TCPAbortOnClose} with unread bytes).
     *
     * @throws ClosedChannelException if the channel is already closed, or
     *         {@link CloseInProgressException} if another thread is closing it
     */
    public static CloseReport abortive(SocketChannel channel) throws IOException {
        return run(CloseTarget.of(requireNonNull(channel)), CloseStrategy.ABORTIVE, Close::setAbortive);
    }

    /** {@link #abortive(SocketChannel)} for a {@code java.net.Socket}. */
    public static CloseReport abortive(Socket socket) throws IOException {
        return run(CloseTarget.of(requireNonNull(socket)), CloseStrategy.ABORTIVE, Close::setAbortive);
    }

    // ---- lingering ------------------------------------------------------------------------

    /** {@link #lingering(SocketChannel, DrainPolicy)} with {@link DrainPolicy#DEFAULT}. */
    public static CloseReport lingering(SocketChannel channel) throws IOException {
        return lingering(channel, DrainPolicy.DEFAULT);
    }

    /**
     * The lingering close of httpd and nginx: {@code shutdown(SHUT_WR)} (through the JDK), so the
     * peer reads our FIN after all our data; then read and discard what the peer sends until it
     * closes (EOF), is silent for {@code idleTimeout}, {@code totalTimeout} has passed since the
     * start, or {@code maxDrainBytes} were read; then the JDK's {@code close()}. Reading keeps
     * the receive queue empty, so the final close sends no RST and the kernel keeps delivering
     * our queued bytes. A positive {@code SO_LINGER} is switched off first so that the final
     * close never blocks in the kernel.
     *
     * <p>When the drain ends without the peer's EOF, bytes may arrive during or after the final
     * close: the report's {@link FinalSignal} shows an RST seen at that instant; one caused by
     * later data is not seen.
     *
     * @throws IllegalBlockingModeException if the channel is in non-blocking mode (nothing done)
     * @throws ClosedChannelException if the channel is already closed, or
     *         {@link CloseInProgressException} if another thread is closing it
     */
    public static CloseReport lingering(SocketChannel channel, DrainPolicy policy) throws IOException {
        return lingering(CloseTarget.of(requireNonNull(channel)), policy);
    }

    /** {@link #lingering(Socket, DrainPolicy)} with {@link DrainPolicy#DEFAULT}. */
    public static CloseReport lingering(Socket socket) throws IOException {
        return lingering(socket, DrainPolicy.DEFAULT);
    }

    /** {@link #lingering(SocketChannel, DrainPolicy)} for a {@code java.net.Socket}. */
    public static CloseReport lingering(Socket socket, DrainPolicy policy) throws IOException {
        return lingering(CloseTarget.of(requireNonNull(socket)), policy);
    }

    /**
     * {@link #lingering(SocketChannel)} without blocking: hands the channel (blocking or not) to a
     * shared {@link LingeringCloser} with {@link LingeringCloserOptions#DEFAULT} (one daemon
     * thread, started at first use, never closed) and returns at once. The future completes with
     * a report whose strategy is {@link CloseStrategy#LINGERING_ASYNC}. See
     * {@link LingeringCloser#submit} for the hand-over rules and what is thrown.
     */
    public static CompletableFuture<CloseReport> lingeringAsync(SocketChannel channel) throws IOException {
        return LingeringCloser.shared().submit(channel);
    }

    private static CloseReport lingering(CloseTarget target, DrainPolicy policy) throws IOException {
        Objects.requireNonNull(policy, "policy");
        return run(target, CloseStrategy.LINGERING, (t, start, linger) -> halfCloseThen(t, linger, () -> drain(t, policy, start)));
    }

    // ---- after acked ----------------------------------------------------------------------

    /**
     * {@code shutdown(SHUT_WR)} (through the JDK), then wait until {@code ioctl(SIOCOUTQ)} is 0
     * (the peer's kernel ACKed all our data and our FIN; a peer that sends nothing may delay
     * that ACK by ~40 ms) or {@code timeout} has passed, then the JDK's {@code close()}. What
     * {@code SO_LINGER {1, n}} does, without blocking in {@code close(2)}; a positive
     * {@code SO_LINGER} is switched off first. A peer reset ends the wait at once
     * ({@link DrainEnd#PEER_RESET}, seen as {@code TCP_INFO} state {@code CLOSE}). It does not read: bytes the peer sends meanwhile
     * make the final close an RST (the report says so); use {@link #lingering} when the peer may
     * still send. Works on non-blocking channels too, blocking the calling thread.
     *
     * @param timeout from {@link DrainPolicy#MIN_TIMEOUT} to {@link DrainPolicy#MAX_TIMEOUT}
     * @throws IllegalArgumentException if the timeout is out of range (nothing done)
     * @throws ClosedChannelException if the channel is already closed, or
     *         {@link CloseInProgressException} if another thread is closing it
     */
    public static CloseReport afterAcked(SocketChannel channel, Duration timeout) throws IOException {
        return afterAcked(CloseTarget.of(requireNonNull(channel)), timeout);
    }

    /** {@link #afterAcked(SocketChannel, Duration)} for a {@code java.net.Socket}. */
    public static CloseReport afterAcked(Socket socket, Duration timeout) throws IOException {
        return afterAcked(CloseTarget.of(requireNonNull(socket)), timeout);
    }

    private static CloseReport afterAcked(CloseTarget target, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(DrainPolicy.MIN_TIMEOUT) < 0 || timeout.compareTo(DrainPolicy.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("afterAcked timeout = " + timeout + " is out of range: ["
                    + DrainPolicy.MIN_TIMEOUT + ", " + DrainPolicy.MAX_TIMEOUT + "]");
        }
        return run(target, CloseStrategy.AFTER_ACKED, (t, start, linger) -> halfCloseThen(t, linger, () -> awaitAcked(t, timeout, start)));
    }

    // ---- the common frame -----------------------------------------------------------------

    /**
     * What a strategy does between the first look at the queues and the final close, given the
     * {@code SO_LINGER} that look read (null when it did not).
     */
    @FunctionalInterface
    private interface Phase {
        Wait run(CloseTarget target, long startNanos, Linger linger);
    }

    /**
     * How the phase ended, and the {@code SO_LINGER} it left (null when it did not set it, or
     * failed to): what the final close does then depends on it and need not be read again.
     */
    private record Wait(DrainEnd end, long drained, IOException failure, Linger linger) {
        static final Wait NONE = new Wait(DrainEnd.NOT_APPLICABLE, 0, null, null);

        Wait(DrainEnd end, long drained, IOException failure) {
            this(end, drained, failure, null);
        }

        static Wait of(DrainEnd end, long drained) {
            return new Wait(end, drained, null);
        }

        Wait withLinger(Linger set) {
            return new Wait(end, drained, failure, set);
        }
    }

    private static CloseReport run(CloseTarget target, CloseStrategy strategy, Phase phase) throws IOException {
        return run("Close", target, strategy, phase);
    }

    /** {@link #plain(SocketChannel)} reported as {@code integration}'s (a closer's overflow). */
    static CloseReport plain(String integration, SocketChannel channel) throws IOException {
        return run(integration, CloseTarget.of(requireNonNull(channel)), CloseStrategy.PLAIN, Close::noWait);
    }

    /** {@link #abortive(SocketChannel)} reported as {@code integration}'s (a closer's overflow). */
    static CloseReport abortive(String integration, SocketChannel channel) throws IOException {
        return run(integration, CloseTarget.of(requireNonNull(channel)), CloseStrategy.ABORTIVE, Close::setAbortive);
    }

    private static CloseReport run(String integration, CloseTarget target, CloseStrategy strategy, Phase phase)
            throws IOException {
        if (!target.isOpen()) {
            throw new ClosedChannelException();
        }
        if (strategy == CloseStrategy.LINGERING && !target.isBlocking()) {
            throw new NonBlockingChannelException(target);
        }
        Object key = target.jdkObject();
        CloseSteps.claim(key, Thread.currentThread());
        try {
            long start = System.nanoTime();
            // Plain and abortive neither wait nor half-close: the first look is also the last.
            boolean queuesUnchanged = strategy == CloseStrategy.PLAIN || strategy == CloseStrategy.ABORTIVE;
            CloseLook look = CloseSteps.firstLook(target, lingerWhen(strategy));
            SocketQueues atStart = look == null ? null : look.queues();
            Linger lingerRead = look == null ? null : look.linger();
            Wait wait;
            try {
                wait = phase.run(target, start, lingerRead);
            } catch (RuntimeException | Error e) {
                CloseSteps.closeAfter(target, e); // the promise: once started, the socket ends up closed
                throw e;
            }
            Linger atClose = wait.linger() != null ? wait.linger() : queuesUnchanged ? lingerRead : null;
            return CloseSteps.finish(integration, target, strategy, atStart, queuesUnchanged, atClose, start, wait.end(),
                    wait.drained(), wait.failure());
        } finally {
            CloseSteps.release(key);
        }
    }

    /**
     * When the first look reads {@code SO_LINGER}: plain needs it for its verdict unless bytes are
     * unread (then it resets anyway), abortive sets it, the half-closing strategies turn a
     * positive one off.
     */
    private static int lingerWhen(CloseStrategy strategy) {
        return switch (strategy) {
            case PLAIN -> QueueLook.LINGER_IF_NOTHING_UNREAD;
            case ABORTIVE -> QueueLook.LINGER_NEVER;
            default -> QueueLook.LINGER_ALWAYS;
        };
    }

    // ---- the phases -----------------------------------------------------------------------

    /** Why a drain without native access cannot go on after {@code shutdownInput()}. */
    static IOException blindAfterShutdownInput() {
        return new IOException("the input was shut down (shutdownInput()): the JDK reads no more, and without native"
                + " access the bytes the kernel still queues cannot be drained, so the close may send RST: "
                + NativeSocket.unavailableReason().orElse("native access is unavailable"));
    }

    private static Wait noWait(CloseTarget target, long startNanos, Linger linger) {
        return Wait.NONE;
    }

    private static Wait setAbortive(CloseTarget target, long startNanos, Linger linger) {
        try {
            target.setLinger(Linger.abortive());
            return Wait.NONE.withLinger(Linger.abortive());
        } catch (IOException e) {
            return new Wait(DrainEnd.NOT_APPLICABLE, 0, e);
        }
    }

    /** Turns a positive linger off (the final close must not block), sends FIN, then waits. */
    private static Wait halfCloseThen(CloseTarget target, Linger linger, Supplier<Wait> waiting) {
        IOException failure = CloseSteps.halfClose(target, linger);
        return failure != null ? new Wait(DrainEnd.ERROR, 0, failure) : waiting.get().withLinger(Linger.off());
    }

    private static Wait drain(CloseTarget target, DrainPolicy policy, long startNanos) {
        long totalDeadline = startNanos + policy.totalTimeout().toNanos();
        long idleNanos = policy.idleTimeout().toNanos();
        long idleDeadline = startNanos + idleNanos;
        byte[] buffer = DiscardBuffer.forReadsOf((int) Math.min(policy.bufferSize(), policy.maxDrainBytes()));
        long drained = 0;
        if (target.isInputShutdown()) {
            return afterEndOfStream(target, policy, totalDeadline, idleDeadline, drained);
        }
        // Bounded: every turn reads at least one byte (capped in number) or waits at least 1 ms
        // (capped in time by totalDeadline).
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                return Wait.of(DrainEnd.INTERRUPTED, drained);
            }
            long now = System.nanoTime();
            DrainEnd expired = CloseEngine.expired(now, totalDeadline, idleDeadline);
            if (expired != null) {
                return Wait.of(expired, drained);
            }
            long waitNanos = Math.min(Math.min(totalDeadline, idleDeadline) - now, READ_SLICE_NANOS);
            int length = (int) Math.min(Math.min(buffer.length, policy.bufferSize()), policy.maxDrainBytes() - drained);
            int n;
            try {
                n = target.read(buffer, length, toTimeoutMillis(waitNanos));
            } catch (SocketTimeoutException sliceOver) {
                continue;
            } catch (IOException e) {
                return new Wait(CloseEngine.endOf(e), drained, e);
            }
            if (n < 0) {
                return afterEndOfStream(target, policy, totalDeadline, idleDeadline, drained);
            }
            drained += n;
            idleDeadline = System.nanoTime() + idleNanos;
            if (CloseEngine.afterRead(drained, policy.maxDrainBytes(), true) != null) {
                return Wait.of(DrainEnd.BYTE_CAP, drained);
            }
        }
    }

    /**
     * The JDK's end of stream is the peer's FIN only when {@code TCP_INFO} says it arrived: after
     * {@code shutdownInput()} the JDK answers it without reading (or refuses to read) while the
     * kernel goes on queueing what the peer sends. Then the drain goes on natively, polling.
     */
    private static Wait afterEndOfStream(CloseTarget target, DrainPolicy policy, long totalDeadline, long idleDeadline,
                                         long drained) {
        FdSocket socket = target.fdSocket();
        if (socket == null) {
            return target.isInputShutdown() ? new Wait(DrainEnd.ERROR, drained, blindAfterShutdownInput())
                    : Wait.of(DrainEnd.PEER_EOF, drained);
        }
        try {
            // Bounded: every turn discards bytes (capped in number) or sleeps at least 1 ms
            // (capped in time by totalDeadline).
            while (true) {
                int n = socket.discardInput((int) Math.min(policy.bufferSize(), policy.maxDrainBytes() - drained));
                if (n > 0) {
                    drained += n;
                    idleDeadline = System.nanoTime() + policy.idleTimeout().toNanos();
                    if (CloseEngine.afterRead(drained, policy.maxDrainBytes(), true) != null) {
                        return Wait.of(DrainEnd.BYTE_CAP, drained);
                    }
                    continue;
                }
                if (CloseEngine.finArrived(socket, target.isInputShutdown())) {
                    return Wait.of(DrainEnd.PEER_EOF, drained);
                }
                long now = System.nanoTime();
                DrainEnd expired = CloseEngine.expired(now, totalDeadline, idleDeadline);
                if (expired != null) {
                    return Wait.of(expired, drained);
                }
                long pause = Math.min(CloseEngine.SHUT_INPUT_POLL_NANOS, Math.min(totalDeadline, idleDeadline) - now);
                Thread.sleep(toTimeoutMillis(pause)); // nothing to wait on: the socket is readable for ever
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Wait.of(DrainEnd.INTERRUPTED, drained);
        } catch (IOException e) {
            IOException failure = target.isInputShutdown() ? CloseEngine.afterInputShutdown(e) : e;
            return new Wait(CloseEngine.endOf(failure), drained, failure);
        }
    }

    /** Rounded up: the read must not end before the deadline, and 0 would mean "forever". */
    private static int toTimeoutMillis(long nanos) {
        return (int) Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /**
     * Polls {@code SIOCOUTQ} with a backoff from 1 to 10 ms. Sleeping is deliberate: the kernel
     * raises no readiness event when the peer ACKs (POLLOUT fires on free send space, not on
     * ACKs; {@code SOF_TIMESTAMPING_TX_ACK} reports data ACKs but not the FIN's, and only through
     * {@code MSG_ERRQUEUE}, outside the JDK's poller). {@link Thread#sleep} unmounts a virtual
     * thread.
     */
    private static Wait awaitAcked(CloseTarget target, Duration timeout, long startNanos) {
        if (!target.hasNative()) {
            return new Wait(DrainEnd.ERROR, 0, new IOException("afterAcked cannot see the ACK without SIOCOUTQ: "
                    + NativeSocket.unavailableReason().orElseThrow()));
        }
        long deadline = startNanos + timeout.toNanos();
        long pauseMillis = 1;
        FdSocket s = target.fdSocket();
        // Bounded: every turn sleeps at least 1 ms, until the deadline.
        while (true) {
            try {
                if (s.sendQueueBytes() == 0) {
                    return Wait.of(DrainEnd.ACKED, 0);
                }
                // A reset leaves SIOCOUTQ above 0 for good; the state tells (CLOSE after an RST).
                if (s.tcpState() == TcpState.CLOSE) {
                    return Wait.of(DrainEnd.PEER_RESET, 0);
                }
            } catch (IOException e) {
                return new Wait(DrainEnd.ERROR, 0, e);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Wait.of(DrainEnd.TOTAL_TIMEOUT, 0);
            }
            try {
                Thread.sleep(Math.min(pauseMillis, toTimeoutMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the caller's to handle; we only close
                return Wait.of(DrainEnd.INTERRUPTED, 0);
            }
            pauseMillis = Math.min(2 * pauseMillis, MAX_POLL_PAUSE_MILLIS);
        }
    }

    private static <T> T requireNonNull(T socket) {
        return Objects.requireNonNull(socket, "socket");
    }

    /** {@link IllegalBlockingModeException} with a message that says what to do instead. */
    private static final class NonBlockingChannelException extends IllegalBlockingModeException {
        private static final long serialVersionUID = 1L;
        private final String message;

        NonBlockingChannelException(CloseTarget target) {
            message = "Close.lingering needs a blocking channel (it drains with timed reads) and " + target
                    + " is non-blocking; nothing was done. Use Close.lingeringAsync or a LingeringCloser (they"
                    + " drain on a selector thread), or Close.afterAcked, plain or abortive";
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
