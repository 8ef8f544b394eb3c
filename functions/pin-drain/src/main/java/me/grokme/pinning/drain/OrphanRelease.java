package me.grokme.pinning.drain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.ReleaseCandidate;
import me.grokme.pinning.logging.JsonLog;

/**
 * Unpins content that only orphaned mints used, once the release grace ({@code ORPHAN_RELEASE_GRACE}) has passed since it
 * lost its last live user: a bounded number of the oldest candidates per run, each judged by {@link ReleaseRule}.
 *
 * <p>The ledger decides before the cluster acts: {@link Ledger#beginRelease} is one conditional write on the request as
 * it was judged, so a live mint that joined meanwhile wins (the request is kept). Only then {@code DELETE /pins/{cid}};
 * if the cluster does not answer, the request stays UNPINNING in the queue and the next run sends it again. A live log
 * arriving after the decision revives the request (PENDING); if that happened while the DELETE was on its way, the
 * completion is refused and the pin is sent again ({@link Ledger#repinAfterRelease}).
 */
final class OrphanRelease {

    static final String REASON = "only orphaned mints (no longer on the canonical chain) used this CID: unpinned after the release grace";

    private final Ledger ledger;
    private final ClusterClient cluster;
    private final Duration grace;
    private final int batch;
    private final Clock clock;
    private final JsonLog log;

    OrphanRelease(Ledger ledger, ClusterClient cluster, Duration grace, int batch, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.cluster = cluster;
        this.grace = grace;
        this.batch = batch;
        this.clock = clock;
        this.log = log;
    }

    /** One pass over the due candidates while {@code stop} is false. Returns what became of them, by outcome ({@code release_*}). */
    Map<String, Integer> run(String requestId, BooleanSupplier stop) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (ReleaseCandidate c : ledger.releaseDue(clock.instant().minus(grace), batch)) {
            if (stop.getAsBoolean()) {
                break;
            }
            outcomes.merge("release_" + releaseOne(c, requestId), 1, Integer::sum);
        }
        return outcomes;
    }

    private String releaseOne(ReleaseCandidate c, String requestId) {
        Optional<PinRequest> request = ledger.findPin(c.cid());
        switch (ReleaseRule.decide(c, request, ledger::findPin)) {
            case STALE -> {
                ledger.dropReleaseCandidate(c, false);
                return "stale";
            }
            case USED -> {
                ledger.dropReleaseCandidate(c, true);
                return "kept";
            }
            case RELEASE -> {
                return release(request.get(), requestId);
            }
            default -> throw new IllegalStateException();
        }
    }

    private String release(PinRequest seen, String requestId) {
        Cid cid;
        try {
            cid = Cid.parse(seen.cid());
        } catch (InvalidCidException e) {
            ledger.dropReleaseCandidate(new ReleaseCandidate(seen.cid(), seen.unusedSince().orElseThrow()), false);
            return "stale";
        }
        if (!ledger.beginRelease(seen, REASON)) {
            return "raced"; // it changed since it was judged: the next run judges it again
        }
        try {
            cluster.unpin(cid);
        } catch (ClusterException e) {
            log.warn("unpin failed; retried next run", Map.of("request_id", requestId, "cid", seen.cid(), "error", e.summary()));
            return "unpin_failed";
        }
        Instant now = clock.instant();
        if (ledger.completeRelease(seen.cid(), now)) {
            ledger.recordPinOperation(new PinOperation(seen.cid(), PinOperation.Kind.UNPIN, PinOperation.Result.RELEASED, REASON, requestId));
            log.info("content only orphaned mints used is unpinned", Map.of("request_id", requestId, "cid", seen.cid(),
                    "unused_since", seen.unusedSince().orElseThrow().toString()));
            return "released";
        }
        // A live log revived it while the DELETE was on its way: the pin may be gone, so it is sent again.
        ledger.repinAfterRelease(seen.cid(), now);
        log.warn("revived during its release: pin sent again", Map.of("request_id", requestId, "cid", seen.cid()));
        return "revived";
    }
}
