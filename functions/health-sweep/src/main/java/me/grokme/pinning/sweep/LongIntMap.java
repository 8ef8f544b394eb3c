package me.grokme.pinning.sweep;

import java.util.Arrays;

/**
 * An open-addressing map from 64-bit CID hashes to 32-bit values, ~12 bytes per entry: what lets a sweep
 * hold a million CIDs' fingerprints inside a Lambda-sized heap. Key 0 is reserved (hashes are remapped).
 */
final class LongIntMap {

    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
    }

    static long key(long hash) {
        return hash == 0 ? 0x9E3779B97F4A7C15L : hash;
    }

    int size() {
        return size;
    }

    /** Stores the value; returns the previous one or {@code missing}. */
    int put(long hash, int value, int missing) {
        long k = key(hash);
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) (mix(k) & mask);
        while (keys[i] != 0) {
            if (keys[i] == k) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = value;
        size++;
        return missing;
    }

    int get(long hash, int missing) {
        long k = key(hash);
        int mask = keys.length - 1;
        int i = (int) (mix(k) & mask);
        while (keys[i] != 0) {
            if (keys[i] == k) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return missing;
    }

    /** Visits every entry. */
    void forEach(Entry visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                visitor.accept(keys[i], values[i]);
            }
        }
    }

    @FunctionalInterface
    interface Entry {
        void accept(long key, int value);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i], 0);
            }
        }
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return k;
    }

    /** The entries as sorted (key, value) arrays, for compact storage. */
    long[] sortedKeys(int[] valuesOut) {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != 0) {
                out[n++] = k;
            }
        }
        Arrays.sort(out);
        for (int i = 0; i < out.length; i++) {
            valuesOut[i] = get(out[i], 0);
        }
        return out;
    }
}
