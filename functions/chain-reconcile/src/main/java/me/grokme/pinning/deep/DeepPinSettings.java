package me.grokme.pinning.deep;

import java.time.Duration;

/**
 * Limits of deep pinning: document size cap, how long one read may take, how many tasks one run takes, how
 * often a document that cannot be read yet is retried (exponential from {@code firstRetry}, capped at
 * {@code maxRetry}) before it is marked FAILED with its last error, how many levels of references are followed
 * ({@code maxDepth}: the metadata's own references are level 1) and how many references one token's walk
 * handles at most ({@code maxReferences}).
 */
public record DeepPinSettings(int maxMetadataBytes, Duration fetchTimeout, int tasksPerRun, int maxAttempts, Duration firstRetry,
        Duration maxRetry, int maxDepth, int maxReferences) {

    public DeepPinSettings {
        if (maxDepth < 1 || maxReferences < 1) {
            throw new IllegalArgumentException("depth and reference limits start at 1: " + maxDepth + ", " + maxReferences);
        }
    }

    public static DeepPinSettings defaults() {
        return new DeepPinSettings(256 * 1024, Duration.ofSeconds(10), 200, 12, Duration.ofMinutes(1), Duration.ofHours(6), 3, 64);
    }

    Duration retryAfter(int attemptsSoFar) {
        long factor = 1L << Math.min(20, attemptsSoFar);
        Duration d = firstRetry.multipliedBy(factor);
        return d.compareTo(maxRetry) > 0 ? maxRetry : d;
    }
}
