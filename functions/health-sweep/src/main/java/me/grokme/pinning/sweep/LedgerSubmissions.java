package me.grokme.pinning.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.submit.PinSubmitter;

/**
 * The sweep as the retry path of the ledger: PENDING requests (the webhook answered, the cluster did not take them
 * yet) are submitted, SUBMITTED ones a complete pass did not find are submitted again, and SUBMITTED ones found
 * healthy are confirmed. Each cluster call spends one action of the sweep's budget. PENDING ones go through core's
 * {@link PinSubmitter}, the one submission path the webhook and the pin drain use.
 */
final class LedgerSubmissions {

    static final String ORPHANED_REASON = "every mint log that asked for this CID was removed by a chain reorganisation";
    /** Reads of the pending queue per sweep: each after one that resolved orphans, for the places they freed. */
    private static final int MAX_PENDING_ROUNDS = 10;

    private final ClusterClient cluster;
    private final Ledger ledger;
    private final PinSubmitter submitter;
    private final Duration grace;
    private final JsonLog log;

    /** @param grace how long after its submission a request may be absent from the pinset (CRDT propagation) */
    LedgerSubmissions(ClusterClient cluster, Ledger ledger, PinSubmitter submitter, Duration grace, JsonLog log) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.submitter = submitter;
        this.grace = grace;
        this.log = log;
    }

    /**
     * Oldest due first. One whose every log was reorged away is resolved as ORPHANED without spending budget, and the
     * queue is read again for the places it freed, so it can never hold a genuine request back.
     */
    void submitPending(RepairBudget budget, Instant now, String requestId) {
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < MAX_PENDING_ROUNDS && budget.allows(); round++) {
            boolean freed = false;
            for (PinRequest p : ledger.pendingDue(now, budget.left())) {
                if (!seen.add(p.cid())) {
                    continue; // the index had not caught up with this sweep's own change yet
                }
                if (!p.hasActiveLog()) {
                    orphan(p, requestId);
                    freed = true;
                    continue;
                }
                if (!budget.allows()) {
                    return;
                }
                PinSubmitter.Outcome outcome = submitOne(p, requestId, budget);
                if (outcome == PinSubmitter.Outcome.DEFERRED) {
                    return; // the cluster is unreachable: one failed call per sweep, not one per pending pin
                }
                if (outcome != PinSubmitter.Outcome.NOT_CLAIMED && outcome != PinSubmitter.Outcome.ALREADY_WITH_CLUSTER) {
                    budget.spend();
                }
            }
            if (!freed) {
                return;
            }
        }
    }

    /**
     * Accepted by the cluster a while ago yet absent from a complete pass (e.g. lost in an uncommitted CRDT batch):
     * submitted again. Healthy since before it was submitted (its fingerprint never changed, so the pass wrote
     * nothing): confirmed now.
     */
    void resubmitMissing(StatusFindings pass, RepairBudget budget, Instant now, String requestId) {
        if (!budget.allows()) {
            return;
        }
        for (PinRequest p : ledger.submittedBefore(now.minus(grace), budget.left())) {
            if (!budget.allows()) {
                break;
            }
            int fp = pass.fingerprintOf(p.cid());
            if (fp == Fingerprint.NONE) {
                budget.spend();
                pass.states.merge(HealthState.UNKNOWN_TO_CLUSTER, 1L, Long::sum);
                budget.count(resubmit(p, now, requestId));
            } else if (Fingerprint.is(fp, HealthState.HEALTHY)) {
                ledger.markPinned(p.cid(), now);
            }
        }
    }

    private void orphan(PinRequest p, String requestId) {
        if (ledger.markOrphaned(p.cid(), ORPHANED_REASON)) {
            ledger.recordPinOperation(new PinOperation(p.cid(), PinOperation.Kind.CANCEL, PinOperation.Result.ORPHANED, ORPHANED_REASON, requestId));
            log.info("pending pin orphaned: every log that asked for it was reorged away", Map.of("request_id", requestId, "cid", p.cid()));
        }
    }

    /**
     * Sends one request through {@link PinSubmitter} (claimed first, so a webhook retry, the reconciliation or the pin
     * drain sending it at the same moment never makes a second call). Returns what became of it.
     */
    private PinSubmitter.Outcome submitOne(PinRequest queued, String requestId, RepairBudget budget) {
        PinSubmitter.Outcome outcome;
        try {
            outcome = submitter.submit(Cid.parse(queued.cid()), "", Map.of("request_id", requestId, "cid", queued.cid()), requestId);
        } catch (InvalidCidException e) {
            ledger.markFailed(queued.cid(), "not a valid CID");
            return PinSubmitter.Outcome.DEAD_LETTERED;
        }
        switch (outcome) {
            case SUBMITTED -> budget.count(RepairKind.SUBMIT);
            case DEFERRED, REFUSED, DEAD_LETTERED -> budget.count(RepairKind.SUBMIT_FAILED);
            case ALREADY_WITH_CLUSTER, NOT_CLAIMED -> {
            }
        }
        return outcome;
    }

    private RepairKind resubmit(PinRequest p, Instant now, String requestId) {
        try {
            cluster.pin(Cid.parse(p.cid()), asCreated(p, now));
            ledger.recordPinOperation(new PinOperation(p.cid(), PinOperation.Kind.RESUBMIT, PinOperation.Result.OK,
                    "absent from the cluster's pinset", requestId));
            return RepairKind.RESUBMIT;
        } catch (ClusterException e) {
            ledger.recordPinOperation(new PinOperation(p.cid(), PinOperation.Kind.RESUBMIT, PinOperation.Result.FAILED, e.summary(), requestId));
            return RepairKind.FAILED;
        } catch (InvalidCidException e) {
            ledger.markFailed(p.cid(), "not a valid CID");
            return RepairKind.FAILED;
        }
    }

    /** As the webhook, the reconciliation and deep pinning pin it: the name, replication and meta-* chosen at creation. */
    private static PinOptions asCreated(PinRequest p, Instant now) {
        return PinOptions.of(p.clusterName(), p.replicationMin(), p.replicationMax()).withMetadata(p.clusterMetadata(now));
    }
}
