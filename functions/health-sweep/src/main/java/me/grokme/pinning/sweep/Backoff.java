package me.grokme.pinning.sweep;

import java.time.Duration;

/** Exponential back-off: {@code first}, doubling per attempt, never above {@code cap}. */
record Backoff(Duration first, Duration cap) {

    /** The sweep's: from {@code REPAIR_BACKOFF}, at most one hour. */
    static Backoff of(SweepConfig config) {
        return new Backoff(config.repairBackoff(), Duration.ofHours(1));
    }

    /** The wait after {@code attempts} earlier attempts (0 → {@code first}). */
    Duration after(int attempts) {
        Duration wait = first.multipliedBy(1L << Math.min(Math.max(attempts, 0), 10));
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
