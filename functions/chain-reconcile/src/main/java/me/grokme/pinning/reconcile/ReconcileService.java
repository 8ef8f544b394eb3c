package me.grokme.pinning.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.grokme.pinning.chain.RpcUnavailableException;
import me.grokme.pinning.deep.DeepPinReport;
import me.grokme.pinning.deep.DeepPinService;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;

/**
 * One scheduled run: read the chain up to the confirmed head, then (when on) deep-pin what earlier mints
 * referenced. Each part gets a share of the time budget; whatever is left over resumes on the next run.
 */
public final class ReconcileService {

    private final ChainReconciler reconciler;
    private final TokenRangeWorker ranges;
    private final Optional<DeepPinService> deepPinning;
    private final Duration timeBudget;
    private final LongSupplier rpcCalls;
    private final Clock clock;
    private final JsonLog log;
    private final Emf metrics;

    public ReconcileService(ChainReconciler reconciler, TokenRangeWorker ranges, Optional<DeepPinService> deepPinning, Duration timeBudget, LongSupplier rpcCalls,
            Clock clock, JsonLog log, Emf metrics) {
        this.reconciler = reconciler;
        this.ranges = ranges;
        this.deepPinning = deepPinning;
        this.timeBudget = timeBudget;
        this.rpcCalls = rpcCalls;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    public ReconcileReport run(String requestId) {
        Instant start = clock.instant();
        long rpcBefore = rpcCalls.getAsLong();
        List<StreamReport> streams;
        try {
            // The chain first, with most of the budget: it is what finds mints nobody told us about.
            streams = reconciler.run(start.plus(timeBudget.multipliedBy(3).dividedBy(4)), requestId);
        } catch (RpcUnavailableException | LedgerUnavailableException e) {
            log.error("chain reconciliation could not start", Map.of("request_id", requestId, "error", e.getMessage()));
            streams = List.of(new StreamReport("*", 0, -1, -1, 0, Map.of(), 0, 0, false, Optional.of(e.getMessage())));
        }
        // Then the token ranges the chain named (metadata updates, consecutive mints), a page at a time, until 7/8.
        RangeReport rangeReport;
        try {
            rangeReport = ranges.run(start.plus(timeBudget.multipliedBy(7).dividedBy(8)), requestId);
        } catch (LedgerUnavailableException e) {
            log.error("token ranges could not start", Map.of("request_id", requestId, "error", e.getMessage()));
            rangeReport = new RangeReport(0, 0, 0, 0, 0, Optional.of(e.getMessage()));
        }
        Optional<DeepPinReport> deep = Optional.empty();
        if (deepPinning.isPresent()) {
            try {
                deep = Optional.of(deepPinning.get().run(start.plus(timeBudget), requestId));
            } catch (LedgerUnavailableException e) {
                log.error("deep pinning pass stopped", Map.of("request_id", requestId, "error", e.getMessage()));
            }
        }
        ReconcileReport report = new ReconcileReport(streams, rangeReport, deep, rpcCalls.getAsLong() - rpcBefore);
        emitMetrics(report);
        return report;
    }

    private void emitMetrics(ReconcileReport report) {
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        long logs = 0;
        long recorded = 0;
        long lag = 0;
        long errors = 0;
        long refusals = 0;
        long deepReorgs = 0;
        long orphaned = 0;
        for (StreamReport s : report.streams()) {
            logs += s.logs();
            // Each new log is counted once, under its final outcome: pinned, or accepted when the cluster has it later.
            recorded += s.outcomes().getOrDefault("accepted", 0L) + s.outcomes().getOrDefault("pinned", 0L);
            lag = Math.max(lag, s.lag());
            errors += s.error().isPresent() ? 1 : 0;
            refusals += s.refusals();
            deepReorgs += s.deepReorg() ? 1 : 0;
            orphaned += s.outcomes().getOrDefault("orphaned", 0L);
        }
        values.put("reconcile_logs", Emf.Value.count(logs));
        // Logs the chain had and no webhook had delivered: each is a mint the webhooks missed.
        values.put("reconcile_recovered_mints", Emf.Value.count(recorded));
        values.put("reconcile_lag_blocks", Emf.Value.count(lag));
        values.put("reconcile_errors", Emf.Value.count(errors));
        values.put("reconcile_range_refusals", Emf.Value.count(refusals));
        values.put("reconcile_deep_reorgs", Emf.Value.count(deepReorgs));
        values.put("reconcile_orphaned_mints", Emf.Value.count(orphaned));
        values.put("rpc_calls", Emf.Value.count(report.rpcCalls()));
        values.put("token_range_tokens", Emf.Value.count(report.ranges().tokens()));
        values.put("token_range_skipped", Emf.Value.count(report.ranges().skipped()));
        values.put("token_ranges_done", Emf.Value.count(report.ranges().finished()));
        values.put("token_ranges_errors", Emf.Value.count(report.ranges().error().isPresent() ? 1 : 0));
        report.deepPinning().ifPresent(d -> {
            values.put("deep_pin_done", Emf.Value.count(d.done()));
            values.put("deep_pin_failed", Emf.Value.count(d.failed()));
            values.put("deep_pin_deferred", Emf.Value.count(d.deferred()));
            values.put("deep_pin_references_pinned", Emf.Value.count(d.referencesPinned()));
        });
        metrics.emit(Map.of("Function", "chain-reconcile"), values);
    }
}
