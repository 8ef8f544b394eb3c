package me.grokme.pinning.mint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.AllocationRefusal;
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
 * PENDING for the health sweep. Shared by the mint intake and deep pinning so both leave the same trail.
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

    /** First retry of a pin the cluster did not take; the sweep backs off further. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    /** What became of one request. */
    public enum Outcome {
        /** This caller sent it and the cluster took it. */
        SUBMITTED,
        /** The cluster has it already (another caller sent it): nothing was sent. */
        ALREADY_WITH_CLUSTER,
        /** Another caller is sending it right now, or it is no longer to be sent (orphaned, failed): nothing was sent. */
        NOT_CLAIMED,
        /** The cluster did not take it: it stays PENDING with a next attempt. */
        DEFERRED
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
        switch (ledger.claimSubmission(cid.toString(), requestId + "/" + UUID.randomUUID(), now)) {
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
            String error = e.summary();
            ledger.recordAttemptFailure(cid.toString(), error, now.plus(RETRY_AFTER));
            ledger.recordPinOperation(new PinOperation(cid.toString(), "submit", "deferred", error, requestId));
            log.warn("cluster did not take the pin; the sweep will retry", JsonLog.with(logFields, "error", error));
            return Outcome.DEFERRED;
        }
        if (!ledger.markSubmitted(cid.toString(), now)) {
            // Only when the claim outlived CLAIM_TIMEOUT or every log was reorged meanwhile: the pin went out anyway.
            ledger.recordPinOperation(new PinOperation(cid.toString(), "submit", "duplicate", "the request had moved on", requestId));
            log.warn("pin sent for a request that had moved on (claim expired or every log reorged)", logFields);
            return Outcome.SUBMITTED;
        }
        boolean degraded = appliedMin < request.replicationMin();
        String note = degraded ? "degraded: minimum " + appliedMin + " of " + request.replicationMin()
                + " while peers are down; the sweep raises it" : "";
        ledger.recordPinOperation(new PinOperation(cid.toString(), "submit", "ok", detail.isEmpty() ? note
                : note.isEmpty() ? detail : detail + "; " + note, requestId));
        log.info(degraded ? "pin submitted with a lower minimum: too few live peers" : "pin submitted to the cluster",
                JsonLog.with(logFields, "replication_min", appliedMin));
        return Outcome.SUBMITTED;
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
