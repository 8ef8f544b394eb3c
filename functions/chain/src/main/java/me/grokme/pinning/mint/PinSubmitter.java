package me.grokme.pinning.mint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.logging.JsonLog;

/**
 * Hands a recorded pin request to the cluster and records what became of it: SUBMITTED and an "ok"
 * operation, or — when the cluster cannot take it — the error and a next attempt, leaving the request
 * PENDING for the health sweep. Shared by the mint intake and deep pinning so both leave the same trail.
 */
public final class PinSubmitter {

    /** First retry of a pin the cluster did not take; the sweep backs off further. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

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
     * Returns true when the cluster took the pin.
     *
     * @param detail    what the operation record says besides "ok" (e.g. which metadata field referenced it)
     * @param logFields the caller's context for the log line (request id, token id, CID…)
     */
    public boolean submit(Cid cid, PinOptions options, String detail, Map<String, ?> logFields, String requestId) {
        Instant now = clock.instant();
        try {
            cluster.pin(cid, options);
        } catch (ClusterException e) {
            String error = e.summary();
            ledger.recordAttemptFailure(cid.toString(), error, now.plus(RETRY_AFTER));
            ledger.recordPinOperation(new PinOperation(cid.toString(), "submit", "deferred", error, requestId));
            log.warn("cluster did not take the pin; the sweep will retry", JsonLog.with(logFields, "error", error));
            return false;
        }
        if (!ledger.markSubmitted(cid.toString(), now)) {
            log.info("pin re-sent for a CID that was already submitted or reorged away", logFields);
        }
        ledger.recordPinOperation(new PinOperation(cid.toString(), "submit", "ok", detail, requestId));
        log.info("pin submitted to the cluster", logFields);
        return true;
    }
}
