package me.grokme.pinning.cluster;

import java.time.Instant;

/** A {@code GET /health/alerts} item: the metric that expired and when the alert fired. Unreliable when repinning is off. */
public record Alert(Metric metric, Instant triggeredAt) {
}
