package me.grokme.pinning.ledger;

/** What {@link Ledger#recordMint} did. */
public sealed interface RecordOutcome {

    /** The mint was recorded now. {@code newCid}: the CID was not requested before; {@code state}: the CID's state. */
    record Recorded(boolean newCid, PinState state) implements RecordOutcome {
    }

    /** This log was already recorded (a redelivery): nothing changed. {@code previousOutcome} is what it was recorded as. */
    record Duplicate(String previousOutcome, String cid) implements RecordOutcome {
    }
}
