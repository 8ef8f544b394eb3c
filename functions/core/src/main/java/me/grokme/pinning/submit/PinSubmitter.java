package me.grokme.pinning.submit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.AllocationRefusal;
import me.grokme.pinning.cluster.ClusterApiException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.SubmissionClaim;
import me.grokme.pinning.logging.JsonLog;

/**
 * Hands a recorded pin request to the cluster and records what became of it: SUBMITTED and an "ok"
 * operation, or — when the cluster cannot take it — the error and a next attempt, leaving the request
 * PENDING for the pin drain (and the health sweep). The one submission path: the mint intake, deep pinning, the
 * sweep and the pin drain all send pins through it, so all leave the same trail and the same back-off.
 *
 * <p>The request is claimed first ({@link Ledger#claimSubmission}): of concurrent callers for one CID exactly
 * one sends {@code POST /pins}, under the name and {@code meta-*} the request was created with.
 *
 * <p>Degraded allocation: when fewer live peers than the request's minimum can take the pin (three peers, minimum
 * three, one down), the cluster refuses it outright. Copies now beat none, so the pin is sent again with the largest
 * minimum the live cluster can satisfy (never below 1), with the minimum it asked for in its metadata; the sweep
 * judges it by that (under-replicated) and raises it when peers return.
 */
public final class PinSubmitter {

    /**
     * Next attempt after the cluster could not be reached (or a gateway in front of it answered 502/503/504): a fixed
     * minute, never a growing back-off, because the pin drain gates on the cluster's reachability instead — a
     * deferred pin is due again within a minute of the cluster's return, however long the outage was.
     */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    /** First wait after the cluster itself refused the pin; doubles per refusal up to {@link #MAX_REFUSAL_BACKOFF}. */
    public static final Duration REFUSAL_BACKOFF = Duration.ofMinutes(5);
    public static final Duration MAX_REFUSAL_BACKOFF = Duration.ofHours(1);

    /**
     * The {@code event} field of the log line a dead letter writes. Four functions submit pins, so the stack counts dead
     * letters from their logs (a metric filter on each group matches this value) for one alarm, whichever function gave up.
     */
    public static final String DEAD_LETTER_EVENT = "pin_dead_lettered";

    /** Refusals after which a request goes to the dead letter (FAILED, with the reason): about four hours of them. */
    public static final int DEAD_LETTER_AFTER = 8;

    /** What became of one request. */
    public enum Outcome {
        /** This caller sent it and the cluster took it. */
        SUBMITTED,
        /** The cluster has it already (another caller sent it): nothing was sent. */
        ALREADY_WITH_CLUSTER,
        /** Another caller is sending it right now, or it is no longer to be sent (orphaned, failed): nothing was sent. */
        NOT_CLAIMED,
        /** The cluster could not be reached: it stays PENDING, due again after {@link #RETRY_AFTER}. */
        DEFERRED,
        /** The cluster answered with a refusal: it stays PENDING, backed off ({@link #REFUSAL_BACKOFF} doubling). */
        REFUSED,
        /** Refused {@link #DEAD_LETTER_AFTER} times: FAILED with the reason, for an operator (the status routes show it). */
        DEAD_LETTERED
    }

    private final Ledger ledger;
    private final ClusterClient cluster;
    private final Clock clock;
    private final JsonLog log;

    public PinSubmitter(Ledger ledger, ClusterClient cluster, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.cluster = cluster;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param detail    what the operation record says besides "ok" (e.g. which metadata field referenced it)
     * @param logFields the caller's context for the log line (request id, token id, CID…)
     */
    public Outcome submit(Cid cid, String detail, Map<String, ?> logFields, String requestId) {
        Instant now = clock.instant();
        PinRequest request;
        switch (ledger.claimSubmission(cid, requestId + "/" + UUID.randomUUID(), now)) {
            case SubmissionClaim.Claimed claimed -> request = claimed.request();
            case SubmissionClaim.Refused refused -> {
                log.info(refused.withCluster() ? "pin not sent: the cluster has it already" : "pin not sent: another caller is sending it",
                        JsonLog.with(logFields, "request_state", refused.current().map(p -> p.state().name()).orElse("unknown")));
                return refused.withCluster() ? Outcome.ALREADY_WITH_CLUSTER : Outcome.NOT_CLAIMED;
            }
        }
        int appliedMin;
        try {
            appliedMin = pinWithWhatIsAvailable(cid, PinOptions.of(request.clusterName(), request.replicationMin(),
                    request.replicationMax()).withMetadata(request.clusterMetadata(now)));
        } catch (ClusterException e) {
            return failed(cid, request, e, logFields, requestId, now);
        }
        if (!ledger.markSubmitted(cid, now, request.replicationMin(), request.replicationMax())) {
            // Only when the claim outlived CLAIM_TIMEOUT, every log was reorged meanwhile, or a capsule raised the
            // replication meanwhile (it stays PENDING and is sent again with the raised factors once the claim expires).
            ledger.recordPinOperation(new PinOperation(cid.toString(), PinOperation.Kind.SUBMIT, PinOperation.Result.DUPLICATE,
                    "the request had moved on", requestId));
            log.warn("pin sent for a request that had moved on (claim expired, every log reorged or replication raised)", logFields);
            return Outcome.SUBMITTED;
        }
        boolean degraded = appliedMin < request.replicationMin();
        String note = degraded ? "degraded: minimum " + appliedMin + " of " + request.replicationMin()
                + " while peers are down; the sweep raises it" : "";
        ledger.recordPinOperation(new PinOperation(cid.toString(), PinOperation.Kind.SUBMIT, PinOperation.Result.OK, detail.isEmpty() ? note
                : note.isEmpty() ? detail : detail + "; " + note, requestId));
        log.info(degraded ? "pin submitted with a lower minimum: too few live peers" : "pin submitted to the cluster",
                JsonLog.with(logFields, "replication_min", appliedMin));
        return Outcome.SUBMITTED;
    }

    private Outcome failed(Cid cid, PinRequest request, ClusterException e, Map<String, ?> logFields, String requestId, Instant now) {
        String error = e.summary();
        if (isOutage(e)) {
            ledger.recordAttemptFailure(cid, error, now.plus(RETRY_AFTER));
            ledger.recordPinOperation(new PinOperation(cid.toString(), PinOperation.Kind.SUBMIT, PinOperation.Result.DEFERRED, error, requestId));
            log.warn("cluster did not take the pin; the pin drain retries it once the cluster answers", JsonLog.with(logFields, "error", error));
            return Outcome.DEFERRED;
        }
        int refusals = request.refusals() + 1;
        if (refusals >= DEAD_LETTER_AFTER) {
            ledger.recordRefusal(cid, error, now); // counted, so the status routes say how often
            ledger.markFailed(cid, deadLetterReason(refusals, error));
            ledger.recordPinOperation(new PinOperation(cid.toString(), PinOperation.Kind.SUBMIT, PinOperation.Result.DEAD_LETTER, error, requestId));
            log.error("pin refused too often: dead-lettered (FAILED) for an operator",
                    JsonLog.with(JsonLog.with(logFields, "error", error), "event", DEAD_LETTER_EVENT));
            return Outcome.DEAD_LETTERED;
        }
        ledger.recordRefusal(cid, error, now.plus(refusalBackoff(refusals)));
        ledger.recordPinOperation(new PinOperation(cid.toString(), PinOperation.Kind.SUBMIT, PinOperation.Result.REFUSED, error, requestId));
        log.warn("cluster refused the pin; retried after a back-off", JsonLog.with(logFields, "error", error));
        return Outcome.REFUSED;
    }

    /** The stored reason of a dead-lettered request (kept in the ledger; the public status shows its own wording). */
    public static String deadLetterReason(int refusals, String lastError) {
        return "refused by the cluster " + refusals + " times; last: " + lastError;
    }

    /**
     * An outage, not a verdict on this pin: nothing answered, a gateway in front of the cluster answered 502/503/504, the
     * password is wrong (an operator fixes it), or the answer was not the API's. None of these counts toward the dead letter.
     */
    public static boolean isOutage(ClusterException e) {
        if (e instanceof ClusterApiException api) {
            int status = api.httpStatus();
            return status == 502 || status == 503 || status == 504;
        }
        return true;
    }

    static Duration refusalBackoff(int refusals) {
        Duration wait = REFUSAL_BACKOFF.multipliedBy(1L << Math.min(refusals - 1, 10));
        return wait.compareTo(MAX_REFUSAL_BACKOFF) > 0 ? MAX_REFUSAL_BACKOFF : wait;
    }

    /** Pins; on an allocation refusal with at least one live candidate, pins again at that many. The minimum applied. */
    private int pinWithWhatIsAvailable(Cid cid, PinOptions options) {
        try {
            cluster.pin(cid, options);
            return options.replicationMin();
        } catch (ClusterException e) {
            Optional<AllocationRefusal> refusal = AllocationRefusal.of(e);
            if (refusal.isEmpty() || refusal.get().available() < 1 || refusal.get().available() >= options.replicationMin()) {
                throw e;
            }
            int min = refusal.get().available();
            Map<String, String> meta = new java.util.TreeMap<>(options.metadata());
            meta.put(AllocationRefusal.WANTED_MIN_KEY, Integer.toString(options.replicationMin()));
            cluster.pin(cid, options.withReplication(min, options.replicationMax()).withMetadata(meta));
            return min;
        }
    }
}
