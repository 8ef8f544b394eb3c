package me.grokme.pinning.sweep;

import java.time.Instant;

/** Repair bookkeeping for one CID: attempts so far and the earliest next repair. */
record RepairState(int attempts, Instant notBefore) {

    static final RepairState NEVER_REPAIRED = new RepairState(0, Instant.EPOCH);
}
