package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A CID's pin request as the ledger holds it.
 *
 * @param activeLogs idempotency keys of the non-reorged logs that asked for this CID; empty = every log that
 *                   asked for it was reorged away, so it must not be pinned on their account
 */
public record PinRequest(String cid, PinState state, Set<String> tokenIds, String capsule, int replicationMin,
        int replicationMax, Instant requestedAt, Optional<Instant> submittedAt, int attempts, String lastError,
        Instant nextAttemptAt, Set<String> activeLogs) {

    public PinRequest {
        tokenIds = Set.copyOf(tokenIds);
        activeLogs = Set.copyOf(activeLogs);
    }
}
