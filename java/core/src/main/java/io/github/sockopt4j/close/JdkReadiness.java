package io.github.sockopt4j.close;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * {@link Readiness} through the JDK's {@link Selector}, for when sockopt4j cannot make its own
 * syscalls. The JDK's epoll selector hands back at most 1,024 ready keys per select (and moves
 * those it returned to the back of the kernel's ready list). A close's key is its
 * {@link PendingClose#key}, the close its attachment.
 */
final class JdkReadiness implements Readiness {
    private final Selector selector = Selector.open();
    private Consumer<PendingClose> current;
    /** One instance for every select, not one per call: hands the attachment to the current consumer. */
    private final Consumer<SelectionKey> onKey = key -> current.accept((PendingClose) key.attachment());

    JdkReadiness() throws IOException {}

    @Override
    public void add(PendingClose p) throws IOException {
        try {
            p.key = p.channel.register(selector, SelectionKey.OP_READ, p);
        } catch (RuntimeException e) { // IllegalBlockingModeException: the caller made it blocking again
            throw new IOException("registering with the closer's selector failed", e);
        }
    }

    @Override
    public void remove(PendingClose p) {
        if (p.key != null) {
            p.key.cancel();
            p.key = null;
        }
    }

    @Override
    public void flush(Consumer<PendingClose> ready) throws IOException {
        select(ready, -1); // one selectNow deregisters every cancelled key
    }

    @Override
    public void select(Consumer<PendingClose> consumer, long timeoutMillis) throws IOException {
        current = consumer;
        if (timeoutMillis < 0) {
            selector.selectNow(onKey);
        } else {
            selector.select(onKey, timeoutMillis);
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
