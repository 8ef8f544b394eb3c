package me.grokme.pinning.cluster;

import java.time.Instant;

/**
 * A monitoring metric ({@code GET /monitor/metrics/{name}} items): {@code ping}, {@code freespace},
 * {@code pinqueue}, {@code tag:<key>} …
 *
 * @param value        a string: bytes for freespace, the tag value for tags, a JSON string for ping
 * @param expireNanos  Unix nanoseconds after which the metric is expired
 * @param receivedAtNanos Unix nanoseconds when the answering peer received it
 */
public record Metric(
        String name,
        String peer,
        String value,
        long expireNanos,
        boolean valid,
        long weight,
        boolean partitionable,
        long receivedAtNanos) {

    public Instant expiresAt() {
        return Instant.ofEpochSecond(0, expireNanos);
    }

    public Instant receivedAt() {
        return Instant.ofEpochSecond(0, receivedAtNanos);
    }

    /** An expired metric keeps {@code valid: true} on the wire; expiry is a comparison with now. */
    public boolean isLive(Instant now) {
        return valid && expiresAt().isAfter(now);
    }
}
