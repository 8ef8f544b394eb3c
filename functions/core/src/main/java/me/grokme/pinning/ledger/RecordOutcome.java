package me.grokme.pinning.ledger;

/** What {@link Ledger#recordMint} did. */
public sealed interface RecordOutcome {

    /**
     * The mint was recorded now. The CID's request is PENDING unless another token had already requested
     * it (then it keeps its state); the pin path finds out through {@link Ledger#markSubmitted}'s condition
     * rather than an extra read per mint.
     */
    record Recorded() implements RecordOutcome {
    }

    /** This log was already recorded (a redelivery): nothing changed. {@code previousOutcome} is what it was recorded as. */
    record Duplicate(String previousOutcome, String cid) implements RecordOutcome {
    }
}
