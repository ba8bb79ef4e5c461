package io.github.sockopt4j.close;

import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.ConstantTable;
import io.github.sockopt4j.internal.Errno;
import io.github.sockopt4j.internal.FdSocket;
import io.github.sockopt4j.internal.NativeBackend;
import io.github.sockopt4j.internal.NativeBuffer;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * {@link Readiness} through an epoll instance of the closer's own ({@code epoll(7)},
 * level-triggered {@code EPOLLIN}), woken by an {@code eventfd(2)}. A close is one slot of an
 * array, whose index is the event's data: no selection key, no map entry and no boxed fd per
 * pending close, only the array's reference (the JDK's selector keeps about 160 bytes per
 * registration; see the closer's heap figure in docs/lingering-closer.md).
 *
 * <p>The JDK's fd is added and removed with {@code epoll_ctl} while holding the JDK's close lock
 * ({@link FdSocket#withFd}), so the call never reaches a recycled number. If the JDK closes the
 * fd behind the closer's back, the kernel drops the registration itself. An event that outlives
 * its close (a file kept open elsewhere) can only name a slot that is empty or has been given to
 * another close, which then finds nothing to read: a wasted read, never a wrong one.
 */
final class EpollReadiness implements Readiness {
    /** Events per {@code epoll_wait}: the same slice as the JDK's selector. */
    private static final int MAX_EVENTS = 1024;
    private static final int EVENT_SIZE = ConstantTable.get("SIZEOF_EPOLL_EVENT");
    private static final int EVENTS_OFFSET = ConstantTable.get("OFFSETOF_EPOLL_EVENT_EVENTS");
    private static final int DATA_OFFSET = ConstantTable.get("OFFSETOF_EPOLL_EVENT_DATA");
    private static final int EPOLLIN = ConstantTable.get("EPOLLIN");
    private static final int CTL_ADD = ConstantTable.get("EPOLL_CTL_ADD");
    private static final int CTL_DEL = ConstantTable.get("EPOLL_CTL_DEL");
    private static final int EINTR = ConstantTable.get("EINTR");
    private static final int EAGAIN = ConstantTable.get("EAGAIN");
    /** The data of the eventfd's event; a close's is its slot, from 0. */
    private static final long WAKEUP = -1;

    private final NativeBackend backend = Backends.current();
    private final int epfd;
    private final int eventfd;
    private final NativeBuffer events;
    /** One {@code struct epoll_event} for {@code epoll_ctl}. */
    private final NativeBuffer control;
    /** The two {@code epoll_ctl} calls on a close's fd, made once: nothing is allocated per close. */
    private final FdSocket.FdCall addCall;
    private final FdSocket.FdCall deleteCall;
    /** The eventfd's 8-byte counter: 1 to write (read by any thread), and where the worker reads it. */
    private final NativeBuffer one;
    private final NativeBuffer sink;
    private PendingClose[] slots = new PendingClose[64];
    /** The free slots, a stack; {@code free[0..freeCount)}. */
    private int[] free = new int[0];
    private int freeCount;
    /** Slots never used yet start here. */
    private int unused;
    /** Guards the eventfd against a {@link #wakeup} after {@link #close} (its number may be reused). */
    private final Object wakeLock = new Object();
    private boolean closed;

    EpollReadiness() throws IOException {
        epfd = check("epoll_create1(EPOLL_CLOEXEC)", backend.epollCreate1(ConstantTable.get("EPOLL_CLOEXEC")));
        int e;
        try {
            e = check("eventfd(EFD_NONBLOCK | EFD_CLOEXEC)",
                    backend.eventfd(0, ConstantTable.get("EFD_NONBLOCK") | ConstantTable.get("EFD_CLOEXEC")));
        } catch (IOException failure) {
            backend.close(epfd);
            throw failure;
        }
        eventfd = e;
        events = backend.allocate(MAX_EVENTS * EVENT_SIZE);
        control = backend.allocate(EVENT_SIZE);
        one = backend.allocate(8);
        one.putLong(0, 1);
        sink = backend.allocate(8);
        control.putInt(EVENTS_OFFSET, EPOLLIN);
        control.putLong(DATA_OFFSET, WAKEUP);
        addCall = fd -> backend.epollCtl(epfd, CTL_ADD, fd, control.address()); // the event written before
        deleteCall = fd -> backend.epollCtl(epfd, CTL_DEL, fd, 0);
        int r = backend.epollCtl(epfd, CTL_ADD, eventfd, control.address());
        if (r < 0) {
            backend.close(eventfd);
            backend.close(epfd);
            check("epoll_ctl(EPOLL_CTL_ADD, eventfd)", r);
        }
    }

    private static int check(String call, long r) throws IOException {
        if (r < 0) {
            throw new IOException(call + " failed: " + Errno.name((int) -r));
        }
        return (int) r;
    }

    @Override
    public void add(PendingClose p) throws IOException {
        int slot = takeSlot();
        control.putLong(DATA_OFFSET, slot); // its events stay EPOLLIN, written once
        long r;
        try {
            r = p.target.fdSocket().withFd(addCall);
        } catch (ClosedChannelException e) {
            giveBack(slot);
            throw e;
        }
        if (r < 0) {
            giveBack(slot);
            check("epoll_ctl(EPOLL_CTL_ADD, " + p.target + ")", r);
        }
        slots[slot] = p;
        p.slot = slot;
    }

    @Override
    public void remove(PendingClose p) {
        int slot = p.slot;
        if (slot < 0) {
            return;
        }
        p.slot = -1;
        slots[slot] = null;
        giveBack(slot);
        try {
            // An error here (the fd is not in the set) leaves nothing registered either.
            p.target.fdSocket().withFd(deleteCall);
        } catch (ClosedChannelException closedBehindOurBack) {
            // the kernel dropped the registration with the fd
        }
    }

    @Override
    public void flush(Consumer<PendingClose> ready) {
        // remove() deregistered at once: nothing left for later
    }

    @Override
    public void select(Consumer<PendingClose> ready, long timeoutMillis) throws IOException {
        int timeout = timeoutMillis < 0 ? 0 : timeoutMillis == 0 ? -1 : (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int n = backend.epollWait(epfd, events.address(), MAX_EVENTS, timeout);
        if (n == -EINTR) {
            return;
        }
        check("epoll_wait", n);
        for (int i = 0; i < n; i++) {
            long data = events.getLong(i * EVENT_SIZE + DATA_OFFSET);
            if (data == WAKEUP) {
                long r = backend.read(eventfd, sink.address(), 8); // resets the counter
                if (r < 0 && r != -EAGAIN) {
                    check("read(eventfd)", r);
                }
                continue;
            }
            PendingClose p = data >= 0 && data < slots.length ? slots[(int) data] : null;
            if (p != null) {
                ready.accept(p);
            }
        }
    }

    @Override
    public void wakeup() {
        synchronized (wakeLock) {
            if (!closed) {
                backend.write(eventfd, one.address(), 8); // EAGAIN: the counter is already set
            }
        }
    }

    @Override
    public void close() {
        synchronized (wakeLock) {
            closed = true;
            backend.close(eventfd);
        }
        backend.close(epfd);
    }

    /** The eventfd's number, for tests. */
    int eventfd() {
        return eventfd;
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (unused == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        return unused++;
    }

    private void giveBack(int slot) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, Math.max(64, free.length * 2));
        }
        free[freeCount++] = slot;
    }
}
