package me.grokme.pinning.sweep;

/**
 * A CID's health after one status pass, worst first: the declaration order is the order repairs are prioritised
 * in, and nothing else. What is stored is each state's {@link #code()}, fixed here once and for all, so reordering
 * or adding states never changes how a stored fingerprint reads.
 */
public enum HealthState {
    /** In the ledger (or seen before) but absent from the cluster's pinset. */
    UNKNOWN_TO_CLUSTER(0),
    /** Fewer peers report {@code pinned} than the pin's replication minimum, and nothing is in progress to fix it. */
    UNDER_REPLICATED(1),
    /**
     * A peer reports pin_error or unexpectedly_unpinned (a peer that does not answer, cluster_error, is no replica but no
     * error either: recover cannot reach it).
     */
    ERRORED(2),
    /** Enough replicas, but all in fewer regions than required. */
    REGION_POOR(3),
    /** Below the minimum while peers are queued or pinning. */
    PINNING(4),
    HEALTHY(5);

    // The codes equal the ordinals the fingerprints were written with before codes existed, so the state buckets
    // stored by earlier sweeps read the same.
    private final int code;

    HealthState(int code) {
        this.code = code;
    }

    /** The persisted code: 0…255, never reused. */
    public int code() {
        return code;
    }

    /** The state stored as {@code code}; {@link IllegalArgumentException} for a code no state has. */
    public static HealthState ofCode(int code) {
        for (HealthState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no health state has the code " + code);
    }
}
