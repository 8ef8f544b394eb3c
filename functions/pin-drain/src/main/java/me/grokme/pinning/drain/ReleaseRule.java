package me.grokme.pinning.drain;

import java.util.Optional;
import java.util.function.Function;
import me.grokme.pinning.ledger.LiveUse;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.ReleaseCandidate;

/**
 * Whether content nothing live uses may be unpinned: the release rule, on the ledger's view of the request and its
 * parents, without a cluster or a table. "Used" is {@link LiveUse}'s, the rule the ledger queues content by: a live
 * mint log, a counted one, or a parent document ({@code VIA#}, deep pinning) that is itself used; an unreadable parent
 * or a chain deeper than {@link LiveUse#MAX_PARENT_DEPTH} counts as used.
 */
final class ReleaseRule {

    /** What to do with a release candidate. */
    enum Decision {
        /** Nothing live uses it and it is still as queued: unpin it. */
        RELEASE,
        /** Something live uses it (a parent document is live): off the queue, its unused time cleared. */
        USED,
        /** The entry no longer describes the request (used again since, queued anew, released, or gone): off the queue. */
        STALE
    }

    private ReleaseRule() {
    }

    static Decision decide(ReleaseCandidate candidate, Optional<PinRequest> request, Function<String, Optional<PinRequest>> parents) {
        if (request.isEmpty()) {
            return Decision.STALE;
        }
        PinRequest p = request.get();
        if (!p.unusedSince().equals(Optional.of(candidate.unusedSince())) || p.released()) {
            return Decision.STALE;
        }
        return LiveUse.used(p, parents) ? Decision.USED : Decision.RELEASE;
    }
}
