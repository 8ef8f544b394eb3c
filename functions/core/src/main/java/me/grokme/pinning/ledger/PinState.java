package me.grokme.pinning.ledger;

/**
 * Life of a pin request. PENDING: recorded, not yet accepted by the cluster. SUBMITTED: the cluster
 * committed the pin (allocated), peers are pinning. PINNED: confirmed at the required replication.
 * FAILED: given up, with a reason. ORPHANED: still PENDING when every log that asked for it was reorged
 * away, so it is never submitted on their account; a log asking for it again revives it as PENDING. A request of any
 * state also becomes ORPHANED when its content, used only by orphaned mints, is unpinned after the release grace
 * ({@link PinRequest#release()}).
 * Transitions only move forward (except PINNED → SUBMITTED when a re-pin is needed, owned by the sweep, and
 * ORPHANED → PENDING).
 */
public enum PinState {
    PENDING, SUBMITTED, PINNED, FAILED, ORPHANED
}
