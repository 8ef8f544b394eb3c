package me.grokme.pinning.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.ledger.RetrievalRecord;
import me.grokme.pinning.ledger.RetrievalRecord.RegionCheck;
import me.grokme.pinning.ledger.RetrievalRecord.Result;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.verify.GatewayVerifier;
import me.grokme.pinning.verify.Verification;

/**
 * One probe run: plan ({@link ProbePlanner}), then for each CID and each region prove the gateway holds it
 * ({@link GatewayVerifier}: root block always, the whole DAG for {@code PROBE_DAG_PERCENT} of the probes, block by
 * block or as a CAR), record the
 * result per CID, and for every region that failed raise a {@code PROBE_FAILED} event and — when re-pinning can help —
 * ask the cluster to recover the CID ({@code POST /pins/{cid}/recover}, which re-pins it on every peer where it is not
 * pinned, the failing region's included) with a {@code PROBE_REPAIR} event. Bounded: {@code concurrency} CIDs at once,
 * no CID started after the time budget, at most {@code maxRepairs} recovers and {@link #MAX_EVENTS} events per run.
 */
public final class ProbeService {

    static final int MAX_EVENTS = 100;

    private final ProbeStore store;
    private final Map<String, GatewayVerifier> gateways;
    private final ClusterClient cluster;
    private final ProbeConfig config;
    private final Clock clock;
    private final Random random;
    private final JsonLog log;
    private final Emf metrics;

    public ProbeService(ProbeStore store, Map<String, GatewayVerifier> gateways, ClusterClient cluster, ProbeConfig config, Clock clock,
                        Random random, JsonLog log, Emf metrics) {
        this.store = store;
        this.gateways = new TreeMap<>(gateways);
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.log = log;
        this.metrics = metrics;
    }

    /** Counters shared by a run's tasks. */
    private static final class Tally {
        final AtomicInteger probed = new AtomicInteger();
        final AtomicInteger verified = new AtomicInteger();
        final AtomicInteger inconclusive = new AtomicInteger();
        final AtomicInteger repairs = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        final Map<String, AtomicInteger> okRegions = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> failedRegions = new ConcurrentHashMap<>();
    }

    public ProbeReport run() {
        Instant start = clock.instant();
        Instant stopStarting = start.plus(config.timeBudget());
        List<ProbePlanner.Pinned> pinned = store.pinned();
        ProbeBudget budget = ProbeBudget.of(pinned.size(), config.runInterval(), config.period(), config.randomPercent(), config.maxPerRun());
        List<String> plan = ProbePlanner.plan(pinned, store.probed(), budget, random);
        Tally t = new Tally();
        boolean timedOut = false;
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), Thread.ofVirtual().factory());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String cid : plan) {
                running.add(pool.submit(() -> {
                    if (clock.instant().isBefore(stopStarting)) {
                        probeOne(cid, t);
                    }
                }));
            }
            for (Future<?> f : running) {
                await(f);
            }
            timedOut = t.probed.get() < plan.size();
        } finally {
            pool.shutdownNow();
        }
        ProbeReport report = new ProbeReport(pinned.size(), plan.size(), t.probed.get(), t.verified.get(), counts(t.okRegions),
                counts(t.failedRegions), t.inconclusive.get(), t.repairs.get(), t.bytes.get(), t.writes.get(), timedOut,
                Duration.between(start, clock.instant()));
        emit(report);
        return report;
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void probeOne(String cidText, Tally t) {
        Cid cid = Cid.parse(cidText); // written by the ledger from a validated Cid
        boolean deep = random.nextInt(100) < config.dagPercent();
        Map<String, Verification> results = new LinkedHashMap<>();
        gateways.forEach((region, g) -> results.put(region, verify(g, cid, deep)));
        Instant at = clock.instant();
        Optional<RetrievalRecord> old = store.load(cidText);
        RetrievalRecord record = next(cidText, at, old, results);
        store.save(record);
        t.writes.incrementAndGet();
        t.probed.incrementAndGet();
        tally(results, record, t);
        List<String> repairable = new ArrayList<>();
        results.forEach((region, v) -> {
            if (v instanceof Verification.Failed f) {
                event(t, at, "PROBE_FAILED", cidText, region + ": " + f.reason() + ": " + f.detail());
                if (f.reason().repairable()) {
                    repairable.add(region);
                }
            }
        });
        if (!repairable.isEmpty()) {
            repair(cid, repairable, at, t);
        }
    }

    private Verification verify(GatewayVerifier g, Cid cid, boolean deep) {
        Verification root = g.verifyRoot(cid);
        if (!deep || !(root instanceof Verification.Verified)) {
            return root;
        }
        Verification dag = config.dagMethod() == ProbeConfig.DagMethod.CAR
                ? g.verifyDag(cid, config.maxCarBytes())
                : g.verifyDagByBlocks(cid, config.maxCarBytes());
        return dag instanceof Verification.Inconclusive ? root : dag; // a capped DAG still leaves the root proven
    }

    static RetrievalRecord next(String cid, Instant at, Optional<RetrievalRecord> old, Map<String, Verification> results) {
        Map<String, RegionCheck> regions = new LinkedHashMap<>();
        List<RetrievalRecord.Failure> failures = new ArrayList<>();
        boolean all = true;
        for (Map.Entry<String, Verification> e : results.entrySet()) {
            Optional<RegionCheck> before = old.map(r -> r.regions().get(e.getKey()));
            Optional<Instant> lastOk = before.flatMap(RegionCheck::verifiedAt);
            RegionCheck check = switch (e.getValue()) {
                case Verification.Verified v -> new RegionCheck(at, Result.VERIFIED, "", Optional.of(at), 0, v.dag());
                case Verification.Failed f -> {
                    failures.add(new RetrievalRecord.Failure(at, e.getKey(), f.reason().name(), f.detail()));
                    yield new RegionCheck(at, Result.FAILED, f.reason().name(), lastOk, before.map(RegionCheck::streak).orElse(0) + 1, false);
                }
                case Verification.Inconclusive i -> new RegionCheck(at, Result.INCONCLUSIVE, i.reason(), lastOk, 0, false);
            };
            all &= check.result() == Result.VERIFIED;
            regions.put(e.getKey(), check);
        }
        old.ifPresent(r -> failures.addAll(r.failures()));
        Optional<Instant> verifiedAt = all ? Optional.of(at) : old.flatMap(RetrievalRecord::verifiedAt);
        return new RetrievalRecord(cid, at, verifiedAt, regions, failures);
    }

    private void tally(Map<String, Verification> results, RetrievalRecord record, Tally t) {
        if (record.verifiedAt().filter(record.probedAt()::equals).isPresent()) {
            t.verified.incrementAndGet();
        }
        results.forEach((region, v) -> {
            switch (v) {
                case Verification.Verified ok -> {
                    t.okRegions.computeIfAbsent(region, r -> new AtomicInteger()).incrementAndGet();
                    t.bytes.addAndGet(ok.bytes());
                }
                case Verification.Failed f -> t.failedRegions.computeIfAbsent(region, r -> new AtomicInteger()).incrementAndGet();
                case Verification.Inconclusive i -> t.inconclusive.incrementAndGet();
            }
        });
    }

    private void repair(Cid cid, List<String> regions, Instant at, Tally t) {
        if (t.repairs.incrementAndGet() > config.maxRepairs()) {
            t.repairs.decrementAndGet();
            return;
        }
        String detail;
        try {
            GlobalPinInfo status = cluster.recover(cid);
            detail = "recover requested for " + String.join(",", regions) + "; cluster status after it: " + statuses(status);
        } catch (ClusterException e) {
            detail = "recover for " + String.join(",", regions) + " failed: " + e.getMessage();
        }
        event(t, at, "PROBE_REPAIR", cid.toString(), detail);
        log.info("probe repair", Map.of("cid", cid.toString(), "regions", regions, "detail", detail));
    }

    /** "peername=status,…" sorted, for the repair event. */
    private static String statuses(GlobalPinInfo info) {
        Map<String, String> out = new TreeMap<>();
        info.peerMap().forEach((id, p) -> out.put(p.peername().isEmpty() ? id : p.peername(), p.status().name().toLowerCase(java.util.Locale.ROOT)));
        return out.toString();
    }

    private void event(Tally t, Instant at, String kind, String cid, String detail) {
        if (t.events.incrementAndGet() <= MAX_EVENTS) {
            store.recordEvent(at, kind, cid, detail);
            t.writes.incrementAndGet();
        }
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> m) {
        Map<String, Integer> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void emit(ProbeReport r) {
        log.info("probe run done", Map.of("pinned", r.pinned(), "planned", r.planned(), "probed", r.probed(), "verified", r.verified(),
                "failed_regions", r.failedRegions(), "repairs", r.repairs(), "bytes_verified", r.bytesVerified(), "writes", r.writes(),
                "timed_out", r.timedOut(), "duration_ms", r.duration().toMillis()));
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        values.put("probed", Emf.Value.count(r.probed()));
        values.put("probe_verified", Emf.Value.count(r.verified()));
        values.put("probe_failed_regions", Emf.Value.count(r.failedRegions().values().stream().mapToInt(Integer::intValue).sum()));
        values.put("probe_repairs", Emf.Value.count(r.repairs()));
        values.put("probe_timed_out", Emf.Value.count(r.timedOut() ? 1 : 0));
        values.put("duration", Emf.Value.millis(r.duration().toMillis()));
        metrics.emit(Map.of("Function", "retrieval-probe"), values);
    }
}
