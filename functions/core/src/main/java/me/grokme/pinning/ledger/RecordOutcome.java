package me.grokme.pinning.ledger;

import java.util.Objects;
import java.util.Optional;

/** What {@link Ledger#recordMint} did. */
public sealed interface RecordOutcome {

    /**
     * The mint was recorded now.
     *
     * @param joined empty when this mint created the CID's request (PENDING); otherwise the request as it was
     *               when this mint joined it — another token had already asked for the CID (a shared image, a
     *               collection directory), and its state and cluster name carry on
     */
    record Recorded(Optional<PinRequest> joined) implements RecordOutcome {
        public Recorded {
            Objects.requireNonNull(joined, "joined");
        }

        /** A mint that created its CID's request. */
        public static Recorded created() {
            return new Recorded(Optional.empty());
        }
    }

    /** This log was already recorded (a redelivery): nothing changed. {@code previousOutcome} is what it was recorded as. */
    record Duplicate(String previousOutcome, String cid) implements RecordOutcome {
    }
}
