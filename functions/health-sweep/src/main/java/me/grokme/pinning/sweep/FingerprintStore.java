package me.grokme.pinning.sweep;

/** Where the status pass keeps each CID's {@link Fingerprint} between sweeps ({@link SweepStore}: 256 binary items). */
interface FingerprintStore {

    /** CID hashes spread over this many buckets; a bucket is rewritten whole when one of its CIDs changed. */
    int BUCKETS = 256;

    static int bucketOf(long hash) {
        return (int) ((hash >>> 56) & (BUCKETS - 1));
    }

    /** The previous sweep's fingerprints by CID hash; empty before the first sweep. */
    LongIntMap loadState(int expected);

    /** Rewrites the buckets marked in {@code changed} from {@code state}; returns the number of items written. */
    int saveBuckets(LongIntMap state, boolean[] changed);
}
