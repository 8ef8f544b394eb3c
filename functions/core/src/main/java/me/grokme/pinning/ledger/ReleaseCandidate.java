package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A CID whose every live mint was orphaned (or, for a CID found by deep pinning, whose parent document lost its last
 * live mint) at {@code unusedSince}: queued to be unpinned once the release grace has passed, unless a live log
 * comes back first.
 */
public record ReleaseCandidate(String cid, Instant unusedSince) {

    public ReleaseCandidate {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(unusedSince, "unusedSince");
    }
}
