package me.grokme.pinning.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the current invocation must have finished its remote calls: set by the handler from the Lambda
 * context's remaining time, read by clients built once at init (the cluster client ends its streams by it).
 * Empty between invocations and where no handler sets it (local runs, tests).
 */
public final class InvocationDeadline implements Supplier<Optional<Instant>> {

    private final Clock clock;
    private volatile Instant deadline;

    public InvocationDeadline(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts an invocation that has {@code remainingMillis} left (Lambda's {@code getRemainingTimeInMillis()});
     * calls must end {@code reserve} earlier, leaving the function time to record what it did.
     */
    public void begin(long remainingMillis, Duration reserve) {
        deadline = clock.instant().plusMillis(remainingMillis).minus(reserve);
    }

    public void end() {
        deadline = null;
    }

    @Override
    public Optional<Instant> get() {
        return Optional.ofNullable(deadline);
    }
}
