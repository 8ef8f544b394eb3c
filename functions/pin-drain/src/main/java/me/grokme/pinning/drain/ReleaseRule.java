package me.grokme.pinning.drain;

import java.util.Optional;
import java.util.function.Function;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.ReleaseCandidate;

/**
 * Whether content nothing live uses may be unpinned: the release rule, on the ledger's view of the request and its
 * parents, without a cluster or a table.
 *
 * <p>A request is used while it has an active mint log ({@code activeLogs} other than a parent's marker, or any
 * counted one — counted keys may be mints), or while any parent document it was found through ({@code VIA#<cid>},
 * deep pinning) is itself used. A parent that cannot be read, or a chain of parents deeper than
 * {@link #MAX_PARENT_DEPTH}, counts as used: the rule errs on keeping content.
 */
final class ReleaseRule {

    /** Deep pinning follows references 3 levels down; one more for safety. */
    static final int MAX_PARENT_DEPTH = 4;

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
        return used(p, parents, 0) ? Decision.USED : Decision.RELEASE;
    }

    /** Whether a live mint uses the request, directly or through the documents it was found in. */
    static boolean used(PinRequest p, Function<String, Optional<PinRequest>> parents, int depth) {
        if (p.moreActiveLogs() > 0) {
            return true;
        }
        for (String key : p.activeLogs()) {
            if (!key.startsWith("VIA#") || depth >= MAX_PARENT_DEPTH) {
                return true;
            }
            Optional<PinRequest> parent = parents.apply(key.substring("VIA#".length()));
            if (parent.isEmpty() || used(parent.get(), parents, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
