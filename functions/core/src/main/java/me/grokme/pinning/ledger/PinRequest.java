package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A CID's pin request as the ledger holds it.
 *
 * @param activeLogs idempotency keys of the non-reorged logs that asked for this CID; empty = every log that
 *                   asked for it was reorged away, so it must not be pinned on their account
 * @param pinName    the cluster pin name chosen when the request was created (empty on requests older than it)
 */
public record PinRequest(String cid, PinState state, Set<String> tokenIds, String capsule, int replicationMin,
        int replicationMax, Instant requestedAt, Optional<Instant> submittedAt, int attempts, String lastError,
        Instant nextAttemptAt, Set<String> activeLogs, String pinName) {

    /** The name to pin under: the one chosen at creation, else {@code <capsule>-<lowest token id>}. */
    public String clusterName() {
        return pinName.isEmpty() ? capsule + "-" + tokenIds.stream().sorted().findFirst().orElse("0") : pinName;
    }

    public PinRequest {
        tokenIds = Set.copyOf(tokenIds);
        activeLogs = Set.copyOf(activeLogs);
    }
}
