package me.grokme.pinning.clock;

import java.time.Duration;

/** Waits between retries (cluster calls, DynamoDB conflicts and unprocessed keys); tests pass a recording no-op. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** The real wait. */
    static Sleeper real() {
        return d -> Thread.sleep(d);
    }
}
