package me.grokme.pinning.sweep;

/** A CID's health after one status pass, worst first (the order repairs are prioritised in). */
public enum HealthState {
    /** In the ledger (or seen before) but absent from the cluster's pinset. */
    UNKNOWN_TO_CLUSTER,
    /** Fewer peers report {@code pinned} than the pin's replication minimum, and nothing is in progress to fix it. */
    UNDER_REPLICATED,
    /**
     * A peer reports pin_error or unexpectedly_unpinned (a peer that does not answer, cluster_error, is no replica but no
     * error either: recover cannot reach it).
     */
    ERRORED,
    /** Enough replicas, but all in fewer regions than required. */
    REGION_POOR,
    /** Below the minimum while peers are queued or pinning. */
    PINNING,
    HEALTHY
}
