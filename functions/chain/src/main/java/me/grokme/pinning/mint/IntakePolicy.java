package me.grokme.pinning.mint;

/**
 * How a recorded mint is pinned: cluster pin name prefix (the capsule: {@code genesis-<tokenId>}),
 * replication bounds, and whether its metadata is read for further CIDs (deep pinning).
 */
public record IntakePolicy(String capsule, int replicationMin, int replicationMax, boolean deepPinning) {

    public IntakePolicy {
        if (replicationMin < 1 || replicationMax < replicationMin) {
            throw new IllegalArgumentException("replication must satisfy 1 <= min <= max, got " + replicationMin + "/" + replicationMax);
        }
    }
}
