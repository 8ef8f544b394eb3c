package me.grokme.pinning.sweep;

import java.util.Optional;

/** Where the status pass keeps each CID's {@link Fingerprint} between sweeps ({@link StateBuckets}: binary items). */
interface FingerprintStore {

    /**
     * The previous sweep's fingerprints, as the previous values of a new {@link SweepState} sized for them (empty
     * before the first sweep), with the layout they were stored in (empty when nothing was stored).
     */
    Loaded load();

    /**
     * Saves {@code loaded.state()}'s fingerprints for the next sweep: the buckets holding a changed CID, or every bucket
     * when the layout changes. Returns the items written.
     */
    int save(Loaded loaded);

    record Loaded(SweepState state, Optional<StateCodec.Recorded> stored) {
    }
}
