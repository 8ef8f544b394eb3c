package me.grokme.pinning.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;

/**
 * The durable record of every mint and pin request. Every method throws {@link LedgerUnavailableException}
 * when the store cannot be reached; outcomes such as "already recorded" are return values, not exceptions.
 */
public interface Ledger {

    /**
     * Records a mint atomically: the log's idempotency item, the CID's pin request (created PENDING, or the
     * token added to an existing one) and the token → CID link. A redelivered log changes nothing and
     * returns {@link RecordOutcome.Duplicate}; a log that had been reorged away is re-activated.
     */
    RecordOutcome recordMint(MintRecord mint);

    /**
     * Records a log whose URI was refused (nothing to pin), once, and — for a known token — a token → rejection link
     * ({@code REJECTED#<log>} in the token's partition, {@link TokenKeys}) so the token's lookup shows it. Returns false when the log was
     * already recorded.
     */
    boolean recordRejected(LogKey log, TokenRef token, RejectionKind kind, String reason, String provider);

    /** {@link #recordReorged(LogKey, String, ReorgReason)} for a {@code removed: true} delivery. */
    default void recordReorged(LogKey log, String provider) {
        recordReorged(log, provider, ReorgReason.REMOVED_BY_PROVIDER);
    }

    /**
     * Records that a log is no longer on the canonical chain (an indexer's {@code removed: true}, or a deep reorg the
     * reconciliation found) — the one path for both. If it had requested a CID, that request loses this log; a CID left
     * with no active log is never submitted on its account and, having lost its last live user, is queued for release
     * ({@link #releaseDue}). The token's link to the CID is flagged orphaned with the reason, so its lookup shows it.
     * Idempotent.
     */
    void recordReorged(LogKey log, String provider, ReorgReason reason);

    /**
     * The mint logs recorded from blocks {@code fromBlock..toBlock} of a chain (the block index written with each
     * log), to be checked against the canonical chain. Logs recorded before the index existed are not found.
     */
    List<RecordedLog> logsInBlocks(long chainId, long fromBlock, long toBlock);

    /** CIDs nothing live has used since at or before {@code unusedBefore}, oldest first, at most {@code limit}. */
    List<ReleaseCandidate> releaseDue(Instant unusedBefore, int limit);

    /**
     * Takes the decision to unpin {@code seen} (ORPHANED, release {@code UNPINNING}), only if it still stands as seen:
     * same state and unused since, and no log added since (one conditional write, so a live mint joining meanwhile
     * wins: its join then finds the request ORPHANED and revives it). False when refused.
     */
    boolean beginRelease(PinRequest seen, String reason);

    /**
     * The cluster let go of the CID: {@code UNPINNING → RELEASED}, and it leaves the release queue. False (nothing
     * changed) when a live log revived it meanwhile — then the unpin may have removed the revived pin, and
     * {@link #repinAfterRelease} sends it again.
     */
    boolean completeRelease(String cid, Instant at);

    /** A revived request whose pin a release's unpin may have removed: SUBMITTED or PINNED → PENDING, due now. */
    boolean repinAfterRelease(String cid, Instant now);

    /**
     * Takes a candidate off the release queue (something live uses it again, or it is gone); {@code stillUsed} also
     * clears the request's {@code unusedSince} when it is the candidate's.
     */
    void dropReleaseCandidate(ReleaseCandidate candidate, boolean stillUsed);

    Optional<PinRequest> findPin(String cid);

    /** {@link #findPin(String)} of a parsed CID, in the form its request is kept under (see {@link #requestCid}). */
    default Optional<PinRequest> findPin(Cid cid) {
        return findPin(cid.toString());
    }

    /**
     * The CID a content's pin request is kept under, whichever form a token wrote it in: the lowercase-base32
     * CIDv1, so the {@code Qm…} and {@code bafy…} forms of one content share one request and one cluster pin;
     * the CIDv0 form instead when a request was recorded under it before content was keyed by its CIDv1 (one
     * consistent read, only for content a CIDv0 can name), so such content is not pinned twice either.
     */
    default Cid requestCid(Cid content) {
        Optional<Cid> legacy = content.toV0();
        if (legacy.isPresent() && findPin(legacy.get()).isPresent()) {
            return legacy.get();
        }
        return content.toV1();
    }

    /** CIDs requested for a token (usually one; more after a reorg moved it, or with deep pinning). */
    List<String> cidsForToken(TokenRef token);

    /**
     * How long a claim to submit holds: far longer than one POST /pins can take (every function's cluster call
     * timeout is at most a minute), so a live claim never expires under its holder, and short enough that a pin
     * whose holder died is retried by the next sweep or two.
     */
    Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);

    /**
     * The right to send a PENDING request to the cluster, taken atomically (one conditional write), so that of
     * concurrent callers — identical deliveries, mints sharing a CID, the reconciliation, the sweep — exactly one
     * sends it. Claimed only while PENDING with an active log and no live claim (one older than
     * {@link #CLAIM_TIMEOUT} is stale and may be taken over); the claim also moves the request's due time to its
     * expiry, so the sweep leaves it alone while it is held. {@link #markSubmitted} or
     * {@link #recordAttemptFailure} releases it.
     *
     * @param owner who claims (request id and a random part), for operators reading the item
     */
    SubmissionClaim claimSubmission(String cid, String owner, Instant now);

    default SubmissionClaim claimSubmission(Cid cid, String owner, Instant now) {
        return claimSubmission(cid.toString(), owner, now);
    }

    /**
     * PENDING → SUBMITTED after the cluster accepted the pin, releasing the claim. Returns false (and changes
     * nothing) when the request is no longer PENDING, or has no active log left (reorged away).
     */
    boolean markSubmitted(String cid, Instant at);

    /**
     * {@link #markSubmitted(String, Instant)} for a pin sent with these replication factors: also false when the
     * request's factors were raised while it was being sent (a capsule with higher ones joined), so it stays PENDING and
     * is sent again with the raised ones once the claim expires.
     */
    boolean markSubmitted(String cid, Instant at, int sentMin, int sentMax);

    default boolean markSubmitted(Cid cid, Instant at, int sentMin, int sentMax) {
        return markSubmitted(cid.toString(), at, sentMin, sentMax);
    }

    /**
     * PENDING → ORPHANED when every log that asked for the CID was reorged away: it leaves the pending queue, with
     * {@code reason}, instead of waiting there forever. Returns false (and changes nothing) when the request is no
     * longer PENDING or an active log came back. A canonical redelivery or another token's mint of the CID revives
     * it as PENDING ({@link #recordMint}, {@link #recordDerived}).
     */
    boolean markOrphaned(String cid, String reason);

    /**
     * Any non-FAILED state → PINNED once replication is confirmed. Returns false when the CID is unknown, or when it
     * waits to be sent again with raised replication factors (confirmed only after that).
     */
    boolean markPinned(String cid, Instant at);

    default boolean markPinned(Cid cid, Instant at) {
        return markPinned(cid.toString(), at);
    }

    /** A submit attempt failed: attempts + 1, the error kept, the claim released, the next attempt not before {@code nextAttemptAt}. */
    void recordAttemptFailure(String cid, String error, Instant nextAttemptAt);

    default void recordAttemptFailure(Cid cid, String error, Instant nextAttemptAt) {
        recordAttemptFailure(cid.toString(), error, nextAttemptAt);
    }

    /**
     * The cluster itself refused a submit attempt (it answered, with an error): as {@link #recordAttemptFailure}, and
     * refusals + 1, which an outage never adds to. Enough refusals send the request to the dead letter ({@link #markFailed}).
     */
    void recordRefusal(String cid, String error, Instant nextAttemptAt);

    default void recordRefusal(Cid cid, String error, Instant nextAttemptAt) {
        recordRefusal(cid.toString(), error, nextAttemptAt);
    }

    /**
     * An operator's retry of a dead-lettered request: FAILED → PENDING, due at {@code now}, its refusals reset (its
     * attempts and last error kept for the record). Returns false (and changes nothing) when it is not FAILED.
     */
    boolean requeueFailed(String cid, Instant now);

    /** Gives up on a request, keeping the reason. */
    void markFailed(String cid, String reason);

    default void markFailed(Cid cid, String reason) {
        markFailed(cid.toString(), reason);
    }

    /** PENDING requests due at or before {@code dueBy}, oldest due first, at most {@code limit} (none when it is 0). */
    List<PinRequest> pendingDue(Instant dueBy, int limit);

    /**
     * SUBMITTED requests submitted at or before {@code cutoff}: the cluster accepted them but they have
     * not been confirmed pinned yet (the sweep checks they are in the pinset at all). None when {@code limit} is 0.
     */
    List<PinRequest> submittedBefore(Instant cutoff, int limit);

    /** How many requests are not safe yet, by queue, as of {@code now} (counted on the byState index, no scan). */
    Backlog backlog(Instant now);

    /**
     * What pins nothing, by kind, for the dashboard: {@code orphaned} (requests whose every mint was reorged away,
     * counted on the byState index) and the counters kept as they are recorded — {@code not_ipfs},
     * {@code refused_uri}, {@code token_uri_reverted} (refused mints), {@code metadata_read_failed},
     * {@code directory_skipped}, {@code reference_not_ipfs}, {@code reference_refused} (deep pinning).
     */
    Map<String, Long> failureCounts();

    /** Appends to the 30-day operation history. */
    void recordPinOperation(PinOperation op);

    /** Where the chain reconciliation stands on one log stream ({@code <chainId>#<contract>}), if it has started. */
    Optional<ChainCheckpoint> checkpoint(String stream);

    /**
     * Moves a stream's checkpoint to {@code next}, only if it is still at {@code expectedBlock} (empty = not
     * started): two overlapping runs cannot move it backwards or skip a range. Returns false when refused.
     */
    boolean saveCheckpoint(String stream, Optional<Long> expectedBlock, ChainCheckpoint next);

    /** Deep pinning work: tokens whose metadata CID is due to be read, oldest due first, at most {@code limit}. */
    List<DeepPinTask> deepPinsDue(Instant dueBy, int limit);

    /**
     * Records a CID found in a token's metadata, atomically: its pin request (created PENDING, or the token
     * added) with the parent as its active "log", and the token → CID link with the field it came from.
     * Idempotent. Returns the request as it stood when this token joined it (another token had already asked
     * for the CID), or empty when this call created it.
     */
    Optional<PinRequest> recordDerived(DerivedPin pin);

    /** Deep pinning of a token's metadata is finished, with a reason: it leaves the queue. */
    void completeDeepPin(TokenRef token, String metadataCid, DeepPinResult result, String reason, List<ResolvedReference> references);

    /** A deep pinning attempt could not finish (metadata not retrievable yet…): attempts + 1, retried after {@code nextAttemptAt}. */
    void deferDeepPin(TokenRef token, String metadataCid, String error, Instant nextAttemptAt);

    /**
     * Records a log naming a range of tokens (ERC-4906 update, ERC-2309 mint) as a PENDING job, due now, unless the
     * log is recorded already. Returns false for a redelivery (nothing changed); a job whose log had been reorged
     * away is re-activated, keeping its checkpoint.
     */
    boolean recordTokenRange(TokenRangeJob job);

    /** The job's log was removed by a reorganisation: it stops (created REORGED if it was never seen). Idempotent. */
    void reorgTokenRange(LogKey log, String provider);

    /** PENDING range jobs due by {@code dueBy}, oldest first, at most {@code limit}. */
    List<TokenRangeJob> tokenRangesDue(Instant dueBy, int limit);

    /**
     * Moves a PENDING job's checkpoint, only if it still stands at {@code progress.expectedNext()} (two overlapping
     * runs cannot skip or repeat a page); past its last token the job is DONE and leaves the queue. False when refused.
     */
    boolean advanceTokenRange(LogKey log, TokenRangeProgress progress);
}
