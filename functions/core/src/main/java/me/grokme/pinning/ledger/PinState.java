package me.grokme.pinning.ledger;

/**
 * Life of a pin request. PENDING: recorded, not yet accepted by the cluster. SUBMITTED: the cluster
 * committed the pin (allocated), peers are pinning. PINNED: confirmed at the required replication.
 * FAILED: given up, with a reason. Transitions only move forward (except PINNED → SUBMITTED when a re-pin
 * is needed, owned by the sweep).
 */
public enum PinState {
    PENDING, SUBMITTED, PINNED, FAILED
}
