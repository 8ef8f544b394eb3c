package me.grokme.pinning.sweep;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What one sweep holds per CID, in one open-addressing table keyed by the 64-bit CID hash: the pin's replication
 * factors (from the pinset), the previous sweep's fingerprint and this sweep's. Three int columns beside the key,
 * filled up to three quarters: 20 bytes a slot, about 27–40 bytes a CID — 10 M CIDs fit in ~335 MB where three
 * separate half-empty maps took 1.2 GB. Key 0 is reserved (hashes are remapped).
 *
 * <p>It also remembers which {@link #SHARDS shards} of the hash space changed, so the store rewrites only the buckets
 * holding them whatever bucket count it chooses (a bucket is a range of shards, {@link StateLayout}).
 */
final class SweepState {

    /** The hash space is tracked for changes in this many ranges of its top 16 bits: up to 65,536 buckets. */
    static final int SHARD_BITS = 16;
    static final int SHARDS = 1 << SHARD_BITS;
    /** Grow past this share of the slots in use (linear probing stays short below it). */
    private static final double MAX_FILL = 0.75;

    private long[] keys;
    private int[] previous;
    private int[] next;
    private int[] replication;
    private int size;
    private final BitSet changedShards = new BitSet(SHARDS);

    SweepState(int expected) {
        allocate(capacityFor(expected));
    }

    /** The slots a table sized for {@code expected} CIDs starts with: a power of two at most three quarters full. */
    static int capacityFor(int expected) {
        long wanted = (long) Math.ceil(Math.max(16, expected) / MAX_FILL);
        return (int) Math.min(1 << 30, Long.highestOneBit(wanted - 1) << 1);
    }

    /** Heap bytes of a table with {@code capacity} slots (its four columns). */
    static long bytesFor(int capacity) {
        return capacity * (8L + 4 + 4 + 4);
    }

    int capacity() {
        return keys.length;
    }

    /** The stored key of a hash: the hash, unless it is 0. */
    static long key(long hash) {
        return hash == 0 ? 0x9E3779B97F4A7C15L : hash;
    }

    /**
     * The shard of a stored key: the top {@link #SHARD_BITS} bits of the key mixed, so CIDs spread evenly even when they
     * differ only in their last characters (FNV-1a's top bits barely move with those).
     */
    static int shardOf(long key) {
        return (int) (mix(key) >>> (64 - SHARD_BITS));
    }

    // --- filled from the store and the pinset ---------------------------------------------------------------

    /** The previous sweep's fingerprint of the CID (loaded from the store). */
    void putPrevious(long hash, int fingerprint) {
        int i = slot(hash); // first: adding may grow the columns
        previous[i] = fingerprint;
    }

    /** The pin's replication factors as the pinset lists them. */
    void putReplication(long hash, int min, int max) {
        int i = slot(hash); // first: adding may grow the columns
        replication[i] = Replication.pack(min, max);
    }

    /** The packed factors ({@link Replication}) or {@link Replication#UNKNOWN} when the pinset did not list the CID. */
    int replication(long hash) {
        int i = find(hash);
        return i < 0 ? Replication.UNKNOWN : replication[i];
    }

    // --- the status pass -----------------------------------------------------------------------------------

    /** This sweep saw the CID with {@code fingerprint}; returns the previous sweep's ({@link Fingerprint#NONE} if new). */
    int see(long hash, int fingerprint) {
        int i = slot(hash);
        next[i] = fingerprint;
        if (previous[i] != fingerprint) {
            changedShards.set(shardOf(keys[i]));
        }
        return previous[i];
    }

    /** This sweep's fingerprint of the CID, or {@link Fingerprint#NONE} when it was not seen (nor carried). */
    int next(long hash) {
        int i = find(hash);
        return i < 0 ? Fingerprint.NONE : next[i];
    }

    /**
     * The CIDs the previous sweep saw and this one did not: carried with their previous fingerprint when the pass was
     * cut ({@code complete} false: nothing is concluded about them), dropped when it was complete. Returns how many
     * were dropped.
     */
    long settleUnseen(boolean complete) {
        long dropped = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == 0 || previous[i] == Fingerprint.NONE || next[i] != Fingerprint.NONE) {
                continue;
            }
            if (complete) {
                dropped++;
                changedShards.set(shardOf(keys[i]));
            } else {
                next[i] = previous[i];
            }
        }
        return dropped;
    }

    // --- what the store saves ------------------------------------------------------------------------------

    /** The CIDs with a fingerprint for the next sweep, per shard. */
    int[] nextPerShard() {
        int[] counts = new int[SHARDS];
        forEachNext((key, fp) -> counts[shardOf(key)]++);
        return counts;
    }

    boolean shardChanged(int shard) {
        return changedShards.get(shard);
    }

    /** Visits every CID with a fingerprint for the next sweep: (stored key, fingerprint). */
    void forEachNext(Entry visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && next[i] != Fingerprint.NONE) {
                visitor.accept(keys[i], next[i]);
            }
        }
    }

    @FunctionalInterface
    interface Entry {
        void accept(long key, int fingerprint);
    }

    // --- the table -----------------------------------------------------------------------------------------

    private int find(long hash) {
        long k = key(hash);
        int mask = keys.length - 1;
        for (int i = (int) (mix(k) & mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == k) {
                return i;
            }
        }
        return -1;
    }

    /** The CID's slot, added (no fingerprints, no factors) when absent. */
    private int slot(long hash) {
        long k = key(hash);
        int mask = keys.length - 1;
        int i = (int) (mix(k) & mask);
        for (; keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == k) {
                return i;
            }
        }
        if (size + 1 > keys.length * MAX_FILL) {
            grow();
            return slot(hash);
        }
        keys[i] = k;
        size++;
        return i;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        previous = filled(capacity, Fingerprint.NONE);
        next = filled(capacity, Fingerprint.NONE);
        replication = filled(capacity, Replication.UNKNOWN);
        size = 0;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldPrevious = previous;
        int[] oldNext = next;
        int[] oldReplication = replication;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = slot(oldKeys[j]);
                previous[i] = oldPrevious[j];
                next[i] = oldNext[j];
                replication[i] = oldReplication[j];
            }
        }
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return k;
    }
}
