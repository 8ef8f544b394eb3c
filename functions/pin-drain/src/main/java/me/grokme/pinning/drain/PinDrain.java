package me.grokme.pinning.drain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.submit.PinSubmitter;

/**
 * Drains the deferred backlog: PENDING requests the webhook, the reconciliation or deep pinning could not hand to the
 * cluster (an outage, a spent time budget). One cheap request first ({@code GET /id}) gates the run on the cluster's
 * reachability, so an outage costs one call a minute and no pin's attempts or back-off; once it answers, due requests
 * are read oldest first and each is sent through {@link PinSubmitter} — the one submission path, which claims it
 * first, so of two drains (or a drain and a webhook) exactly one sends it — with at most {@code concurrency} in flight.
 *
 * <p>"Due" here reaches one {@link PinSubmitter#RETRY_AFTER} ahead: that minute only keeps callers from hammering an
 * unreachable cluster, and the drain has just seen it answer. {@link Mode#FORCE} (an operator's) takes every PENDING
 * request whatever its due time, back-offs after refusals included; live claims are still respected.
 */
public final class PinDrain {

    /** Which pending requests a run takes. */
    public enum Mode {
        /** Due within the next minute (the schedule's). */
        DUE,
        /** Every PENDING request without a live claim, due or not (an operator's forced drain). */
        FORCE
    }

    static final String ORPHANED_REASON = "every mint log that asked for this CID was removed by a chain reorganisation";
    private static final Instant FAR_FUTURE = Instant.ofEpochMilli(999_999_999_999_999L);

    private final Ledger ledger;
    private final ClusterClient cluster;
    private final PinSubmitter submitter;
    private final DrainConfig config;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final JsonLog log;
    private final Emf metrics;
    private final OrphanRelease release;

    public PinDrain(Ledger ledger, ClusterClient cluster, DrainConfig config, Clock clock, LongSupplier nanoTime, JsonLog log, Emf metrics) {
        this.ledger = ledger;
        this.cluster = cluster;
        this.submitter = new PinSubmitter(ledger, cluster, clock, log);
        this.config = config;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.log = log;
        this.metrics = metrics;
        this.release = new OrphanRelease(ledger, cluster, config.orphanReleaseGrace(), config.orphanReleaseBatch(), clock, log);
    }

    /**
     * An operator's retry of dead-lettered requests (after fixing what the cluster refused): each FAILED one is PENDING
     * and due again, for the drain that follows. Returns the CIDs that were requeued.
     */
    public List<String> requeue(List<String> cids, String requestId) {
        List<String> requeued = new ArrayList<>();
        for (String cid : cids) {
            if (ledger.requeueFailed(cid, clock.instant())) {
                ledger.recordPinOperation(new PinOperation(cid, PinOperation.Kind.REQUEUE, PinOperation.Result.OK,
                        "an operator's retry of a dead-lettered pin", requestId));
                requeued.add(cid);
            }
        }
        log.info("dead-lettered pins requeued", Map.of("request_id", requestId, "asked", cids.size(), "requeued", requeued));
        return requeued;
    }

    /** One run; {@code budget} is this run's time (the configured budget, or less when the invocation has less left). */
    public DrainReport run(String requestId, Mode mode, Duration budget) {
        long started = nanoTime.getAsLong();
        try {
            cluster.id();
        } catch (ClusterException e) {
            log.info("cluster not reachable: nothing drained", Map.of("request_id", requestId, "error", e.summary()));
            metrics.emit(Map.of("Function", "pin-drain"), Map.of("cluster_reachable", Emf.Value.count(0)));
            return new DrainReport.ClusterDown(e.summary());
        }
        Run run = new Run(requestId, mode, started + Math.max(0, budget.minus(config.callTimeout()).toNanos()));
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), Thread.ofPlatform().daemon().name("pin-drain-", 0).factory());
        try {
            run.drain(pool);
        } finally {
            pool.shutdownNow();
        }
        // Then content only orphaned mints used, past its grace: a few a run, in what is left of the budget.
        if (!run.stopped()) {
            release.run(requestId, run::stopped).forEach((k, v) -> run.outcomes.merge(k, v, Integer::sum));
        }
        DrainReport.Drained report = new DrainReport.Drained(run.outcomes, run.outOfTime.get(), run.clusterLost.get(),
                Duration.ofNanos(nanoTime.getAsLong() - started));
        emit(report);
        log.info("pin drain done", Map.of("request_id", requestId, "mode", mode.name().toLowerCase(Locale.ROOT), "outcomes", report.outcomes(),
                "out_of_time", report.outOfTime(), "cluster_lost", report.clusterLost(), "duration_ms", report.duration().toMillis()));
        return report;
    }

    /** One run's state. */
    private final class Run {
        final String requestId;
        final Mode mode;
        final long lastStart;
        final Map<String, Integer> outcomes = new TreeMap<>();
        final AtomicBoolean outOfTime = new AtomicBoolean();
        final AtomicBoolean clusterLost = new AtomicBoolean();
        final Set<String> seen = new HashSet<>();

        Run(String requestId, Mode mode, long lastStart) {
            this.requestId = requestId;
            this.mode = mode;
            this.lastStart = lastStart;
        }

        boolean stopped() {
            if (clusterLost.get()) {
                return true;
            }
            if (nanoTime.getAsLong() >= lastStart) {
                outOfTime.set(true);
                return true;
            }
            return false;
        }

        void drain(ExecutorService pool) {
            while (!stopped()) {
                Instant dueBy = mode == Mode.FORCE ? FAR_FUTURE : clock.instant().plus(PinSubmitter.RETRY_AFTER);
                List<PinRequest> fresh = new ArrayList<>();
                for (PinRequest p : ledger.pendingDue(dueBy, config.batchSize())) {
                    if (seen.add(p.cid())) {
                        fresh.add(p);
                    }
                }
                if (fresh.isEmpty()) {
                    return; // the queue is empty, or holds only what this run already tried
                }
                List<Future<String>> inFlight = new ArrayList<>();
                for (PinRequest p : fresh) {
                    if (!p.hasActiveLog()) {
                        count(orphan(p));
                        continue;
                    }
                    inFlight.add(pool.submit(() -> stopped() ? "not_started" : send(p)));
                }
                for (Future<String> f : inFlight) {
                    count(await(f));
                }
            }
        }

        private String send(PinRequest p) {
            Cid cid;
            try {
                cid = Cid.parse(p.cid());
            } catch (InvalidCidException e) {
                ledger.markFailed(p.cid(), "not a valid CID");
                return "dead_lettered";
            }
            PinSubmitter.Outcome outcome = submitter.submit(cid, "drained", Map.of("request_id", requestId, "cid", p.cid()), requestId);
            if (outcome == PinSubmitter.Outcome.DEFERRED) {
                clusterLost.set(true); // the pins not started yet wait for the next run, untouched
            }
            return outcome.name().toLowerCase(Locale.ROOT);
        }

        private String orphan(PinRequest p) {
            if (ledger.markOrphaned(p.cid(), ORPHANED_REASON)) {
                ledger.recordPinOperation(new PinOperation(p.cid(), PinOperation.Kind.CANCEL, PinOperation.Result.ORPHANED,
                        ORPHANED_REASON, requestId));
            }
            return "orphaned";
        }

        private synchronized void count(String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }

        private String await(Future<String> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("pin drain interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // the ledger unreachable: the run fails (its failure queue and alarm), nothing is lost
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void emit(DrainReport.Drained r) {
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        values.put("cluster_reachable", Emf.Value.count(r.clusterLost() ? 0 : 1));
        for (String o : List.of("submitted", "deferred", "refused", "dead_lettered", "orphaned", "not_started", "release_released",
                "release_unpin_failed")) {
            values.put("drain_" + o, Emf.Value.count(r.count(o)));
        }
        values.put("duration", Emf.Value.millis(r.duration().toMillis()));
        metrics.emit(Map.of("Function", "pin-drain"), values);
    }
}
