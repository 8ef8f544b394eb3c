package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A CID's pin request as the ledger holds it.
 *
 * @param tokenIds       the tokens that asked for this CID, the first {@link #LISTED_TOKENS} of them
 * @param moreTokens     how many more tokens asked for it (a CID shared by a whole collection, e.g. its directory)
 * @param activeLogs     idempotency keys of the non-reorged logs that asked for this CID, the first
 *                       {@link #LISTED_LOGS} of them (or a parent's {@code VIA#} marker for a referenced CID)
 * @param moreActiveLogs how many more non-reorged logs asked for it; with {@code activeLogs} empty and this 0,
 *                       every log that asked for it was reorged away, so it must not be pinned on their account
 * @param pinName        the cluster pin name chosen when the request was created (empty on requests older than it)
 * @param refusals       failed attempts the cluster itself refused (answered an error other than a gateway's 502/503/504):
 *                       unlike {@code attempts}, an outage never adds to it, so only these lead to the dead letter (FAILED)
 * @param pinMeta        the cluster pin's {@code meta-*} chosen with that name, of the same token (its {@code tokenId} and
 *                       {@code txHash}, or for a referenced CID {@code tokenId}, {@code parent} and {@code field}); empty on
 *                       requests older than it
 * @param capsules       every capsule whose tokens asked for this CID (content shared by two capsules is one request);
 *                       {@code capsule} is the first one's, whose token names the pin; replication is the largest
 *                       minimum and maximum among them. Requests older than capsules list {@code capsule} alone
 * @param tokens         the listed tokens qualified by their capsule ({@code tokenIds} are ids within {@code capsules},
 *                       ambiguous when two capsules share the content). A listed id recorded before tokens were
 *                       qualified belongs to the one capsule when there is one; with several its capsule is not
 *                       known, and is empty here
 * @param unusedSince    when the request lost its last live user (every mint orphaned; for a referenced CID, its parent
 *                       document's last live mint), queued for release after the grace period; empty while something uses it
 * @param release        the unpinning of content nothing live uses: {@code ""} (none), {@code UNPINNING} (the ledger took
 *                       the decision, the cluster's DELETE is under way or to be retried) or {@code RELEASED}
 * @param releasedAt     when the cluster let go of it (RELEASED only)
 */
public record PinRequest(String cid, PinState state, Set<String> tokenIds, int moreTokens, String capsule, int replicationMin,
        int replicationMax, Instant requestedAt, Optional<Instant> submittedAt, int attempts, int refusals, String lastError,
        Instant nextAttemptAt, Set<String> activeLogs, int moreActiveLogs, String pinName, Map<String, String> pinMeta, Set<String> capsules,
        Set<TokenRef> tokens, Optional<Instant> unusedSince, String release, Optional<Instant> releasedAt) {

    /** {@link #release} once the cluster unpinned it. */
    public static final String RELEASED = "RELEASED";
    /** {@link #release} while the unpinning is decided but not yet confirmed by the cluster. */
    public static final String UNPINNING = "UNPINNING";

    /**
     * Token ids and log keys listed on the item; beyond these only counters grow, so a CID shared by tens of
     * thousands of tokens stays far below DynamoDB's 400 KB item limit (each listed log key is ~80 bytes).
     */
    public static final int LISTED_TOKENS = 100;
    public static final int LISTED_LOGS = 64;

    /** Whether any log that asked for this CID is still on the canonical chain. */
    public boolean hasActiveLog() {
        return !activeLogs.isEmpty() || moreActiveLogs > 0;
    }

    /** Whether the content was unpinned from the cluster because nothing live used it. */
    public boolean released() {
        return state == PinState.ORPHANED && release.equals(RELEASED);
    }

    /** Every token that asked for this CID, listed or counted (two capsules' token 1 are two tokens). */
    public int tokenCount() {
        return tokens.size() + moreTokens;
    }

    /** The name to pin under: the one chosen at creation, else {@code <capsule>-<lowest token id>}. */
    public String clusterName() {
        return pinName.isEmpty() ? capsule + "-" + tokenIds.stream().sorted().findFirst().orElse("0") : pinName;
    }

    /**
     * The {@code meta-*} to pin under, sent at {@code at}: the ones chosen at creation, so every caller (webhook,
     * reconciliation, deep pinning, sweep) sends the same token's as the name's, plus the capsule and the time.
     */
    public Map<String, String> clusterMetadata(Instant at) {
        Map<String, String> meta = new TreeMap<>(pinMeta.isEmpty()
                ? Map.of("tokenId", tokenIds.stream().sorted().findFirst().orElse("0")) : pinMeta);
        meta.put("capsule", capsule);
        meta.put("timestamp", at.toString());
        return meta;
    }

    public PinRequest {
        tokenIds = Set.copyOf(tokenIds);
        activeLogs = Set.copyOf(activeLogs);
        pinMeta = Map.copyOf(pinMeta);
        capsules = capsules.isEmpty() && !capsule.isEmpty() ? Set.of(capsule) : Set.copyOf(capsules);
        tokens = qualified(tokenIds, capsules, tokens);
    }

    /** The stored qualified tokens, plus each listed id none of them covers (recorded before tokens were qualified). */
    private static Set<TokenRef> qualified(Set<String> tokenIds, Set<String> capsules, Set<TokenRef> stored) {
        Set<TokenRef> out = new java.util.HashSet<>(stored);
        Set<String> covered = new java.util.HashSet<>();
        stored.forEach(t -> covered.add(t.tokenId()));
        String only = capsules.size() == 1 ? capsules.iterator().next() : "";
        tokenIds.stream().filter(id -> !covered.contains(id)).forEach(id -> out.add(new TokenRef(only, id)));
        return Set.copyOf(out);
    }
}
