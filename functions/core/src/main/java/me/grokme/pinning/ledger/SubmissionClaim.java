package me.grokme.pinning.ledger;

import java.util.Optional;

/** What {@link Ledger#claimSubmission} found: the right to send the pin, or why someone else has it. */
public sealed interface SubmissionClaim {

    /** This caller, and no other, may send the pin now; {@code request} is the request as claimed. */
    record Claimed(PinRequest request) implements SubmissionClaim {
    }

    /**
     * Not claimed: another caller holds a live claim, or the request is no longer PENDING (already with the
     * cluster, orphaned, failed) or has no active log; {@code current} is the request as it is now (empty when
     * the CID is unknown).
     */
    record Refused(Optional<PinRequest> current) implements SubmissionClaim {

        /** The cluster has it already (SUBMITTED or PINNED): nothing left to send. */
        public boolean withCluster() {
            return current.map(p -> p.state() == PinState.SUBMITTED || p.state() == PinState.PINNED).orElse(false);
        }
    }
}
