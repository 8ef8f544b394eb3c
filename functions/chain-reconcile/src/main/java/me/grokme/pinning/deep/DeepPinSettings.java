package me.grokme.pinning.deep;

import java.time.Duration;

/**
 * Limits of deep pinning: metadata size cap, how long one read may take, how many tasks one run takes, how
 * often a document that cannot be read yet is retried (exponential from {@code firstRetry}, capped at
 * {@code maxRetry}) before it is marked FAILED with its last error.
 */
public record DeepPinSettings(int maxMetadataBytes, Duration fetchTimeout, int tasksPerRun, int maxAttempts, Duration firstRetry,
        Duration maxRetry) {

    public static DeepPinSettings defaults() {
        return new DeepPinSettings(256 * 1024, Duration.ofSeconds(10), 200, 12, Duration.ofMinutes(1), Duration.ofHours(6));
    }

    Duration retryAfter(int attemptsSoFar) {
        long factor = 1L << Math.min(20, attemptsSoFar);
        Duration d = firstRetry.multipliedBy(factor);
        return d.compareTo(maxRetry) > 0 ? maxRetry : d;
    }
}
