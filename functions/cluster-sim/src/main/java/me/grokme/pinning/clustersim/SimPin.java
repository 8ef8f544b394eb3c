package me.grokme.pinning.clustersim;

import java.util.List;
import java.util.Map;

/**
 * One pin of the shared pinset. Kept compact (a sweep benchmark seeds a million): allocations are peer
 * indices, per-allocation state lives in parallel arrays, optional parts are null until used. Fields are
 * replaced under the model's lock and read by streaming threads, hence volatile.
 */
final class SimPin {

    final String cid;
    volatile String name = "";
    volatile int replicationMin;
    volatile int replicationMax;
    volatile boolean direct;
    volatile Map<String, String> metadata; // null = none
    volatile List<String> userAllocations; // null = none; only echoed by POST /pins
    volatile long expireAtSeconds; // 0 = never
    volatile long timestampNanos;
    volatile boolean everywhere;
    /** Allocated peer indices and, in parallel, when each was assigned (ms) and its pin error (null = none). */
    volatile byte[] allocations = new byte[0];
    volatile long[] assignedAtMillis = new long[0];
    volatile String[] errors; // null when no slot has an error
    volatile int[] attempts; // null when no slot has failed

    SimPin(String cid) {
        this.cid = cid;
    }

    int slotOf(int peerIndex) {
        byte[] a = allocations;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == peerIndex) {
                return i;
            }
        }
        return -1;
    }
}
