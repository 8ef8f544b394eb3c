package me.grokme.pinning.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling for tests that wait on another process or thread (a proxy's connections, a browser's port file, a
 * page's state): checks the condition, then again every {@code interval}, and fails naming what it waited for once
 * {@code timeout} has passed. The bound is generous on purpose — it only matters when something is broken.
 */
public final class Await {

    /** A condition that may throw (I/O against a browser, a socket). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Waits until {@code condition} holds; throws {@link AssertionError} with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, Duration interval, Supplier<String> what, Condition condition) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what.get());
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** {@link #until(Duration, Duration, Supplier, Condition)} with 30 s and 10 ms. */
    public static void until(String what, Condition condition) throws Exception {
        until(Duration.ofSeconds(30), Duration.ofMillis(10), () -> what, condition);
    }
}
