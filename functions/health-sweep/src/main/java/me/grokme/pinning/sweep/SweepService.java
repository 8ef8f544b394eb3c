package me.grokme.pinning.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.ledger.Backlog;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.submit.PinSubmitter;

/**
 * One health sweep, in order: peers observed ({@link PeerObserver}), the status pass with its delta
 * ({@link StatusPass}, {@link HealthRecorder}), the ledger's pending and missing requests ({@link LedgerSubmissions}),
 * repairs chosen ({@link RepairPlanner}) and carried out ({@link RepairExecutor}), peer health ({@link PeerHealth}),
 * availability history ({@link AvailabilityRecorder}), the dashboard summary ({@link SummaryBuilder}) and metrics. One sweep at a time (a lease). Each step runs even when
 * one before it threw ({@link SweepSteps}); a step that needs an earlier one's result gets a safe stand-in: no
 * metrics → peers keep their previous status; no complete status pass → nothing concluded about unseen CIDs.
 */
public final class SweepService {

    private final Ledger ledger;
    private final SweepStore store;
    private final SweepConfig config;
    private final Clock clock;
    private final JsonLog log;
    private final PeerObserver observer;
    private final StatusPass statusPass;
    private final LedgerSubmissions submissions;
    private final RepairPlanner planner;
    private final RepairExecutor executor;
    private final PeerBook peerBook;
    private final SummaryBuilder summaries;
    private final SweepTelemetry telemetry;
    private final AvailabilityRecorder availability;

    public SweepService(ClusterClient cluster, Ledger ledger, SweepStore store, SweepConfig config, Clock clock, JsonLog log, Emf metrics,
            AvailabilityRecorder availability) {
        this.ledger = ledger;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.observer = new PeerObserver(cluster, config.peers(), log);
        this.statusPass = new StatusPass(cluster, store, config, log);
        this.submissions = new LedgerSubmissions(cluster, ledger, new PinSubmitter(ledger, cluster, clock, log), config.repairBackoff(), log);
        this.planner = new RepairPlanner(config.minRegions(), Backoff.of(config));
        this.executor = new RepairExecutor(cluster, ledger, store);
        this.peerBook = new PeerBook(store, config.peers());
        this.summaries = new SummaryBuilder(config);
        this.telemetry = new SweepTelemetry(metrics, log);
        this.availability = availability;
    }

    public SweepReport run(String requestId) {
        Instant start = clock.instant();
        String owner = requestId + "/" + UUID.randomUUID();
        if (!store.acquireLease(owner, start, config.leaseDuration())) {
            log.info("another sweep holds the lease; skipping", Map.of("request_id", requestId));
            return new SweepReport.Skipped("lease held by another sweep");
        }
        try {
            return sweep(requestId, start, start.plus(config.timeBudget()));
        } finally {
            store.releaseLease(owner);
        }
    }

    private SweepReport sweep(String requestId, Instant now, Instant deadline) {
        SweepSteps steps = new SweepSteps(requestId, log);
        Optional<Map<String, PeerRecord>> loaded = steps.call("load_peers", store::loadPeers);
        Optional<PeerObservation> observed = steps.call("observe_peers", () -> observer.observe(now));
        PeerObservation peers = observed.orElseGet(PeerObservation::none).withPrevious(loaded.orElse(Map.of()));
        StatusFindings pass = new StatusFindings(config.maxRepairs() * 2, now.minus(config.inProgressGrace()));
        if (!steps.run("status_pass", () -> statusPass.run(pass, peers, new HealthRecorder(store, ledger, now), requestId))) {
            pass.complete = false;
        }
        RepairBudget budget = new RepairBudget(config.maxRepairs(), deadline, clock);
        steps.run("submit_pending", () -> submissions.submitPending(budget, now, requestId));
        if (pass.complete) {
            steps.run("resubmit_missing", () -> submissions.resubmitMissing(pass, budget, now, requestId));
        }
        steps.run("repair", () -> repair(pass, peers, budget, now, requestId));
        Map<String, PeerView> views = peerBook.settle(steps, loaded, observed.isPresent(), peers, pass.pinsPerPeer, now);
        steps.run("availability", () -> availability.record(now, observed.isEmpty() ? List.of() : PeerHealth.samples(views),
                pass.underReplicatedShare()));
        // Counted last, after this sweep's submissions and confirmations: what is still not safe.
        Optional<Backlog> backlog = steps.call("ledger_backlog", () -> ledger.backlog(now));
        Optional<Map<String, Long>> failures = steps.call("failure_counts", ledger::failureCounts);
        for (SweepReport.StepFailure f : steps.failures()) {
            steps.run("record_failure_event", () -> store.recordEvent(now, "sweep_step_failed", f.step(), f.publicReason()));
        }
        SweepReport.Completed draft = new SweepReport.Completed(pass.complete, pass.checked, pass.states, pass.healthWrites, pass.stateWrites,
                budget.done(), PeerHealth.down(views), pass.vanished, Duration.between(now, clock.instant()), budget.outOfTime(), backlog,
                steps.failures());
        steps.run("summary", () -> {
            Instant at = clock.instant();
            store.saveSummary(summaries.build(draft, now, at, pass, failures, views, store.recent(at)));
        });
        SweepReport.Completed report = draft.withFailedSteps(steps.failures());
        telemetry.report(requestId, report);
        return report;
    }

    private void repair(StatusFindings pass, PeerObservation peers, RepairBudget budget, Instant now, String requestId) {
        if (budget.allows()) {
            executor.execute(planner.plan(pass.candidatesWorstFirst(), peers, budget.left(), store::repairState, now), budget, requestId);
        }
    }
}
