package io.github.sockopt4j.close;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Runs a peer's part of a scenario on its own daemon thread. */
final class Background {
    private Background() {}

    static <T> CompletableFuture<T> run(String name, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}
