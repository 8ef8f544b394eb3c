package me.grokme.pinning.sweep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.ClusterStreamIncompleteException;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.cluster.PinInfoShort;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.PinType;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.cluster.TrackerStatus;
import me.grokme.pinning.ledger.Backlog;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.submit.PinSubmitter;

/**
 * One health sweep: a status pass over the whole pinset in constant memory per CID, a delta against the
 * previous sweep (only changes are written), bounded repairs, peer health, failure events and the dashboard
 * summary. One sweep at a time (a lease); a cut status stream never turns unseen CIDs into "lost".
 */
public final class SweepService {

    private static final int MAX_CID_EVENTS_PER_SWEEP = 50;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** Reads of the pending queue per sweep: each after one that resolved orphans, for the places they freed. */
    private static final int MAX_PENDING_ROUNDS = 10;
    static final String ORPHANED_REASON = "every mint log that asked for this CID was removed by a chain reorganisation";

    private final ClusterClient cluster;
    private final Ledger ledger;
    private final SweepStore store;
    private final SweepConfig config;
    private final Clock clock;
    private final JsonLog log;
    private final Emf metrics;
    private final Classifier classifier;
    private final AvailabilityRecorder availability;
    private final PinSubmitter submitter;
    private final ObjectMapper json = new ObjectMapper();

    public SweepService(ClusterClient cluster, Ledger ledger, SweepStore store, SweepConfig config, Clock clock, JsonLog log, Emf metrics,
            AvailabilityRecorder availability) {
        this.availability = availability;
        this.cluster = cluster;
        this.ledger = ledger;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
        this.classifier = new Classifier(config.minRegions());
        this.submitter = new PinSubmitter(ledger, cluster, clock, log);
    }

    /** A peer as this sweep judges it. */
    record PeerView(String id, String name, String region, String status, Instant lastSeen, long pins, long freeBytes) {
        String encode() {
            return name + "|" + region + "|" + status + "|" + lastSeen.toEpochMilli();
        }
    }

    public SweepReport run(String requestId) {
        Instant start = clock.instant();
        Instant deadline = start.plus(config.timeBudget());
        String owner = requestId + "/" + UUID.randomUUID();
        if (!store.acquireLease(owner, start, config.leaseDuration())) {
            log.info("another sweep holds the lease; skipping", Map.of("request_id", requestId));
            return new SweepReport.Skipped("lease held by another sweep");
        }
        try {
            return sweep(requestId, start, deadline);
        } finally {
            store.releaseLease(owner);
        }
    }

    /** What the peers' metrics said (live ones by their ping), completed with what the previous sweep knew. */
    private record PeerObservation(Set<String> live, Map<String, String> regionOfPeer, Map<String, String> nameOfPeer,
            Map<String, Long> freeOfPeer, Set<String> untrusted) {

        static PeerObservation none() {
            return new PeerObservation(Set.of(), new HashMap<>(), new HashMap<>(), Map.of(), Set.of());
        }

        PeerObservation withPrevious(Map<String, String> previousPeers) {
            previousPeers.forEach((id, v) -> {
                String[] f = v.split("\\|", -1);
                nameOfPeer.putIfAbsent(id, f[0]);
                regionOfPeer.putIfAbsent(id, f[1]);
            });
            return this;
        }
    }

    /** The status pass's findings, filled as the stream goes, so a pass that throws half-way keeps what it saw. */
    private static final class StatusPass {
        final Map<HealthState, Long> states = new EnumMap<>(HealthState.class);
        final long[] pinnedHistogram = new long[8];
        /** CIDs queued or pinning on their allocated peers for less than the grace period, by replicas pinned so far. */
        final long[] inProgressHistogram = new long[8];
        final Map<String, Long> pinsPerPeer = new HashMap<>();
        final PriorityQueue<CidHealth> candidates = new PriorityQueue<>(
                Comparator.comparing(CidHealth::state).thenComparingInt(CidHealth::pinned).reversed());
        final int candidateCap;
        final boolean[] changedBuckets = new boolean[SweepStore.BUCKETS];
        LongIntMap previous = new LongIntMap(16);
        LongIntMap next = new LongIntMap(16);
        boolean complete;
        long checked;
        long healthWrites;
        int stateWrites;
        long vanished;
        int cidEvents;

        StatusPass(int maxRepairs) {
            this.candidateCap = Math.max(1, maxRepairs * 2);
        }
    }

    /** Cluster actions left to this sweep, within its deadline, and the ones taken. */
    private final class RepairBudget {
        final Map<String, Integer> done = new TreeMap<>();
        final Instant deadline;
        int left;
        boolean outOfTime;

        RepairBudget(int left, Instant deadline) {
            this.left = left;
            this.deadline = deadline;
        }

        boolean allows() {
            if (left <= 0) {
                return false;
            }
            if (!clock.instant().isBefore(deadline)) {
                outOfTime = true;
                return false;
            }
            return true;
        }
    }

    /** The peers as this sweep judged them, what to store for the next one, and the status changes to report. */
    private record PeerHealth(Map<String, PeerView> views, Map<String, String> toSave, List<List<String>> transitions) {
    }

    /**
     * The steps, in order. Each runs even when one before it threw (see {@link SweepSteps}); a step that depends on
     * an earlier one's result gets a safe stand-in: no metrics → peers keep their previous status; no complete
     * status pass → nothing concluded about unseen CIDs, no resubmission of "missing" ones.
     */
    private SweepReport sweep(String requestId, Instant now, Instant deadline) {
        SweepSteps steps = new SweepSteps(requestId, log);
        Optional<Map<String, String>> loadedPeers = steps.call("load_peers", store::loadPeers);
        Map<String, String> previousPeers = loadedPeers.orElse(Map.of());
        Optional<PeerObservation> observed = steps.call("observe_peers", () -> observePeers(now));
        PeerObservation peers = observed.orElseGet(PeerObservation::none).withPrevious(previousPeers);
        StatusPass pass = new StatusPass(config.maxRepairs());
        if (!steps.run("status_pass", () -> statusPass(pass, peers, now, requestId))) {
            pass.complete = false;
        }
        RepairBudget budget = new RepairBudget(config.maxRepairs(), deadline);
        steps.run("submit_pending", () -> submitPending(budget, now, requestId));
        if (pass.complete) {
            steps.run("resubmit_missing", () -> resubmitMissing(pass, budget, now, requestId));
        }
        steps.run("repair", () -> repairDegraded(pass, peers, budget, now, requestId));
        // Saved only when both the previous peers and this sweep's metrics were read: with either missing, saving
        // would forget peers or call them down on no evidence.
        Map<String, PeerView> views = observed.isEmpty() ? carriedPeers(previousPeers, pass.pinsPerPeer)
                : loadedPeers.isEmpty() ? judgePeers(peers, previousPeers, pass.pinsPerPeer, now).views()
                : steps.call("peer_health", () -> savePeerHealth(judgePeers(peers, previousPeers, pass.pinsPerPeer, now), now))
                        .orElseGet(() -> carriedPeers(previousPeers, pass.pinsPerPeer));
        int peersDown = (int) views.values().stream().filter(v -> "down".equals(v.status())).count();
        // Availability history (incidents, uptime bars, durability) is its own class's; it gets what this sweep observed.
        steps.run("availability", () -> availability.record(now, observed.isEmpty() ? List.of() : views.values().stream()
                .map(v -> new AvailabilityRecorder.PeerSample(v.name(), v.region(), !"down".equals(v.status()))).toList(),
                !pass.complete ? OptionalDouble.empty()
                        : OptionalDouble.of(pass.states.getOrDefault(HealthState.UNDER_REPLICATED, 0L) / (double) Math.max(1, pass.checked))));
        // Counted last, after this sweep's submissions and confirmations: what is still not safe.
        Optional<Backlog> backlog = steps.call("ledger_backlog", () -> ledger.backlog(now));
        Optional<Map<String, Long>> failures = steps.call("failure_counts", ledger::failureCounts);
        for (SweepReport.StepFailure f : steps.failures()) {
            steps.run("record_failure_event", () -> store.recordEvent(now, "sweep_step_failed", f.step(), f.publicReason()));
        }

        SweepReport.Completed draft = new SweepReport.Completed(pass.complete, pass.checked, pass.states, pass.healthWrites,
                pass.stateWrites, budget.done, peersDown, pass.vanished, Duration.between(now, clock.instant()), budget.outOfTime, backlog,
                steps.failures());
        steps.run("summary", () -> store.saveSummary(summary(draft, now, pass.pinnedHistogram, pass.inProgressHistogram, failures, views), clock.instant()));
        SweepReport.Completed report = draft.withFailedSteps(steps.failures());
        emit(report);
        Map<String, Object> fields = Map.of("request_id", requestId, "cids", report.cidsChecked(), "complete", report.complete(),
                "health_writes", report.healthWrites(), "repairs", report.repairs().values().stream().mapToInt(Integer::intValue).sum(),
                "peers_down", peersDown, "duration_ms", report.duration().toMillis(),
                "failed_steps", report.failedSteps().stream().map(SweepReport.StepFailure::step).toList());
        if (report.failedSteps().isEmpty()) {
            log.info("sweep done", fields);
        } else {
            log.error("sweep done with failed steps", fields);
        }
        return report;
    }

    /** Live peers are those whose ping metric has not expired: a dead peer vanishes from everything else in CRDT. */
    private PeerObservation observePeers(Instant now) {
        PeerObservation o = new PeerObservation(new HashSet<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashSet<>());
        PeerPolicy policy = config.peers();
        for (Metric m : cluster.metrics("ping")) {
            if (!policy.ours(m.peer())) {
                o.untrusted().add(m.peer()); // in the cluster but not trusted: never one of GROKME's peers
            } else if (m.isLive(now)) {
                o.live().add(m.peer());
                o.nameOfPeer().put(m.peer(), peerName(m.value(), m.peer()));
            }
        }
        if (!o.untrusted().isEmpty()) {
            log.warn("peers that are not trusted report to the cluster (they hold its secret); not counted as GROKME's",
                    Map.of("untrusted_peers", o.untrusted().size()));
        }
        for (Metric m : cluster.metrics("tag:region")) {
            if (policy.ours(m.peer())) {
                o.regionOfPeer().put(m.peer(), m.value());
            }
        }
        for (Metric m : cluster.metrics("freespace")) {
            try {
                o.freeOfPeer().put(m.peer(), Long.parseLong(m.value()));
            } catch (NumberFormatException e) {
                // not a number: leave unknown
            }
        }
        return o;
    }

    /** The pinset's replication factors, then the status stream against the previous sweep's fingerprints. */
    private void statusPass(StatusPass pass, PeerObservation peers, Instant now, String requestId) {
        List<String> regionIndex = peers.regionOfPeer().values().stream().distinct().sorted().toList();
        // Each pin's own replication factors, from the pinset (cheap stream), packed 12 bytes a CID.
        LongIntMap replication = new LongIntMap(1024);
        boolean pinsetRead = true;
        try {
            cluster.allocations(Set.of(PinType.PIN), p -> {
                int min = wantedMin(p);
                replication.put(CidHealth.hash(p.cid()), (min & 0xffff) << 16 | (Math.max(min, p.replicationMax()) & 0xffff), 0);
            });
        } catch (ClusterStreamIncompleteException e) {
            // Without every pin's replication factors a classification could be wrong: skip the status pass.
            pinsetRead = false;
            log.warn("pinset stream incomplete: status pass skipped this time", Map.of("request_id", requestId,
                    "items", e.itemsDelivered()));
        }
        pass.previous = store.loadState(replication.size());
        pass.next = new LongIntMap(Math.max(1024, pass.previous.size()));
        pass.complete = pinsetRead;
        try {
            pass.checked = !pinsetRead ? 0 : cluster.statusAll(StatusQuery.all(),
                    g -> see(pass, g, classifyWith(replication, peers.regionOfPeer()), regionIndex, now));
        } catch (ClusterStreamIncompleteException e) {
            pass.complete = false;
            pass.checked = e.itemsDelivered();
            log.warn("status stream incomplete: nothing concluded about CIDs not seen", Map.of("request_id", requestId,
                    "items", e.itemsDelivered(), "error", e.clusterMessage()));
        }
        LongIntMap previous = pass.previous;
        LongIntMap next = pass.next;
        if (!pass.complete) {
            // Keep what was not seen as it was: a cut stream proves nothing about those CIDs.
            previous.forEach((k, v) -> {
                if (next.get(k, -1) == -1) {
                    next.put(k, v, 0);
                }
            });
        } else {
            previous.forEach((k, v) -> {
                if (next.get(k, -1) == -1) {
                    pass.vanished++;
                    pass.changedBuckets[SweepStore.bucketOf(k)] = true; // gone from the pinset: drop it from the state
                }
            });
            if (pass.vanished > 0) {
                store.recordEvent(now, "cids_vanished", "pinset", pass.vanished + " CID(s) seen last sweep are no longer in the pinset");
            }
        }
        pass.stateWrites = store.saveBuckets(next, pass.changedBuckets);
    }

    private Function<GlobalPinInfo, CidHealth> classifyWith(LongIntMap replication, Map<String, String> regionOfPeer) {
        return g -> {
            int packed = replication.get(CidHealth.hash(g.cid()), -1);
            int rmin = packed == -1 ? config.defaultReplicationMin() : (short) (packed >>> 16);
            int rmax = packed == -1 ? config.defaultReplicationMax() : (short) (packed & 0xffff);
            return classifier.classify(config.peers().onlyOurs(g), regionOfPeer, rmin, rmax);
        };
    }

    /** One CID of the status stream: counted, compared with its previous fingerprint, written only when changed. */
    private void see(StatusPass pass, GlobalPinInfo g, Function<GlobalPinInfo, CidHealth> classify,
            List<String> regionIndex, Instant now) {
        long h = CidHealth.hash(g.cid());
        CidHealth c = classify.apply(g);
        int fp = c.fingerprint(regionIndex);
        pass.next.put(h, fp, 0);
        pass.states.merge(c.state(), 1L, Long::sum);
        pass.pinnedHistogram[Math.min(c.pinned(), 7)]++;
        if (c.state() == HealthState.PINNING && g.created().isAfter(Instant.EPOCH) // unknown (Go's zero time): judged as before
                && g.created().plus(config.inProgressGrace()).isAfter(now)) {
            pass.inProgressHistogram[Math.min(c.pinned(), 7)]++;
        }
        for (Map.Entry<String, PinInfoShort> e : g.peerMap().entrySet()) {
            if (e.getValue().status() == TrackerStatus.PINNED) {
                pass.pinsPerPeer.merge(e.getKey(), 1L, Long::sum);
            }
        }
        int old = pass.previous.get(h, -1);
        if (old != fp) {
            store.writeHealth(c, now);
            pass.healthWrites++;
            pass.changedBuckets[SweepStore.bucketOf(LongIntMap.key(h))] = true;
            if (c.state() == HealthState.HEALTHY) {
                ledger.markPinned(c.cid(), now);
            }
            boolean wasHealthy = old != -1 && (old >>> 24) == HealthState.HEALTHY.ordinal();
            boolean healthy = c.state() == HealthState.HEALTHY;
            // A pin that errors before it was ever healthy (content no peer can fetch: it goes from pinning to
            // pin_error) is a failure too, not only a healthy CID that degrades.
            boolean enteredError = c.state() == HealthState.ERRORED && (old == -1 || (old >>> 24) != HealthState.ERRORED.ordinal());
            if ((old != -1 && wasHealthy != healthy || enteredError) && pass.cidEvents < MAX_CID_EVENTS_PER_SWEEP) {
                pass.cidEvents++;
                store.recordEvent(now, healthy ? "cid_recovered" : "cid_" + c.state().name().toLowerCase(), c.cid(),
                        c.pinned() + " pinned in " + c.regions().size() + " region(s)");
            }
        }
        if (c.state() != HealthState.HEALTHY && c.state() != HealthState.PINNING) {
            pass.candidates.offer(c);
            if (pass.candidates.size() > pass.candidateCap) {
                pass.candidates.poll();
            }
        }
    }

    /**
     * Ledger requests still PENDING (the webhook answered, the cluster did not take them yet), oldest due first.
     * One whose every log was reorged away is resolved as ORPHANED without spending budget, and the queue is read
     * again for the places it freed, so it can never hold a genuine request back.
     */
    private void submitPending(RepairBudget budget, Instant now, String requestId) {
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < MAX_PENDING_ROUNDS && budget.allows(); round++) {
            boolean freed = false;
            for (PinRequest p : ledger.pendingDue(now, budget.left)) {
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
                PinSubmitter.Outcome outcome = submitOne(p, requestId, budget.done);
                if (outcome == PinSubmitter.Outcome.DEFERRED) {
                    return; // the cluster is unreachable: one failed call per sweep, not one per pending pin
                }
                if (outcome != PinSubmitter.Outcome.NOT_CLAIMED && outcome != PinSubmitter.Outcome.ALREADY_WITH_CLUSTER) {
                    budget.left--;
                }
            }
            if (!freed) {
                return;
            }
        }
    }

    private void orphan(PinRequest p, String requestId) {
        if (ledger.markOrphaned(p.cid(), ORPHANED_REASON)) {
            ledger.recordPinOperation(new PinOperation(p.cid(), "cancel", "orphaned", ORPHANED_REASON, requestId));
            log.info("pending pin orphaned: every log that asked for it was reorged away", Map.of("request_id", requestId, "cid", p.cid()));
        }
    }

    /**
     * Accepted by the cluster a while ago yet absent from its pinset (e.g. lost in an uncommitted CRDT batch):
     * submit again. The grace period covers CRDT propagation. Only after a complete status pass.
     */
    private void resubmitMissing(StatusPass pass, RepairBudget budget, Instant now, String requestId) {
        if (!budget.allows()) {
            return;
        }
        for (PinRequest p : ledger.submittedBefore(now.minus(config.repairBackoff()), budget.left)) {
            if (!budget.allows()) {
                break;
            }
            int fp = pass.next.get(CidHealth.hash(p.cid()), -1);
            if (fp == -1) {
                budget.left--;
                pass.states.merge(HealthState.UNKNOWN_TO_CLUSTER, 1L, Long::sum);
                resubmit(p, requestId, budget.done);
            } else if ((fp >>> 24) == HealthState.HEALTHY.ordinal()) {
                // Healthy since before it was submitted (its fingerprint never changed): confirm it now.
                ledger.markPinned(p.cid(), now);
            }
        }
    }

    /** Degraded CIDs, worst first, each with its own back-off. */
    private void repairDegraded(StatusPass pass, PeerObservation peers, RepairBudget budget, Instant now, String requestId) {
        List<CidHealth> worstFirst = new ArrayList<>(pass.candidates);
        worstFirst.sort(Comparator.comparing(CidHealth::state).thenComparingInt(CidHealth::pinned));
        for (CidHealth c : worstFirst) {
            if (!budget.allows()) {
                break;
            }
            if (c.state() == HealthState.UNDER_REPLICATED && c.pinned() >= peers.live().size()) {
                // Already on every live peer: a re-pin cannot add a copy until peers return, and must not use up the
                // back-off that would delay the repair then (a degraded pin is raised by the first sweep after).
                continue;
            }
            if (c.state() == HealthState.UNDER_REPLICATED && c.peerStatus().containsValue(TrackerStatus.CLUSTER_ERROR.wire())) {
                // A peer that does not answer keeps its allocation until its ping expires, so a re-pin now changes
                // nothing and would spend the back-off that delays the re-pin that works once the peer is seen down.
                continue;
            }
            SweepStore.RepairState rs = store.repairState(c.cid());
            if (now.isBefore(rs.notBefore())) {
                continue;
            }
            budget.left--;
            repair(c, peers.live(), peers.regionOfPeer(), peers.freeOfPeer(), requestId, budget.done);
            Duration wait = config.repairBackoff().multipliedBy(1L << Math.min(rs.attempts(), 10));
            store.recordRepair(c.cid(), rs.attempts() + 1, now.plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait));
        }
    }

    /** Everyone we know of, judged against their ping — not by the absence of errors. */
    private PeerHealth judgePeers(PeerObservation peers, Map<String, String> previousPeers, Map<String, Long> pinsPerPeer, Instant now) {
        Map<String, PeerView> views = new TreeMap<>();
        Map<String, String> toSave = new HashMap<>();
        List<List<String>> transitions = new ArrayList<>();
        Set<String> known = new HashSet<>(previousPeers.keySet());
        known.addAll(peers.live());
        known.addAll(peers.regionOfPeer().keySet());
        PeerPolicy policy = config.peers();
        for (String id : known) {
            if (!policy.ours(id)) {
                continue; // no longer trusted (removed from TRUSTED_PEERS): forgotten
            }
            String[] prev = previousPeers.containsKey(id) ? previousPeers.get(id).split("\\|", -1) : null;
            boolean isLive = peers.live().contains(id);
            long free = peers.freeOfPeer().getOrDefault(id, -1L);
            String status = !isLive ? "down" : free == 0 ? "degraded" : "up";
            Instant lastSeen = isLive ? now : prev != null ? Instant.ofEpochMilli(Long.parseLong(prev[3])) : now;
            String name = peers.nameOfPeer().getOrDefault(id, PeerPolicy.displayName("", id));
            if (!isLive && policy.retired(lastSeen, now)) {
                // Removed or re-keyed: unseen for the whole retention, so it stops counting as down.
                transitions.add(List.of("peer_retired", name, "unseen since " + lastSeen));
                continue;
            }
            PeerView v = new PeerView(id, name,
                    peers.regionOfPeer().getOrDefault(id, "unknown"), status, lastSeen, pinsPerPeer.getOrDefault(id, 0L), Math.max(free, 0));
            views.put(v.name(), v);
            toSave.put(id, v.encode());
            String before = prev == null ? null : prev[2];
            if (before != null && !before.equals(status)) {
                transitions.add(List.of("peer_" + status, v.name(), "was " + before + " (region " + v.region() + ")"));
            }
        }
        return new PeerHealth(views, toSave, transitions);
    }

    private Map<String, PeerView> savePeerHealth(PeerHealth health, Instant now) {
        for (List<String> t : health.transitions()) {
            store.recordEvent(now, t.get(0), t.get(1), t.get(2));
        }
        store.savePeers(health.toSave());
        return health.views();
    }

    /** Without this sweep's metrics, peers are shown as the previous sweep left them: no news is not a change. */
    private static Map<String, PeerView> carriedPeers(Map<String, String> previousPeers, Map<String, Long> pinsPerPeer) {
        Map<String, PeerView> views = new TreeMap<>();
        previousPeers.forEach((id, encoded) -> {
            String[] f = encoded.split("\\|", -1);
            views.put(f[0], new PeerView(id, f[0], f[1], f[2], Instant.ofEpochMilli(Long.parseLong(f[3])), pinsPerPeer.getOrDefault(id, 0L), 0));
        });
        return views;
    }

    private String peerName(String pingValue, String fallback) {
        try {
            JsonNode n = json.readTree(pingValue);
            return PeerPolicy.displayName(n.path("peer_name").asText(""), fallback);
        } catch (IOException | RuntimeException e) {
            return PeerPolicy.displayName("", fallback);
        }
    }

    /**
     * Sends one request through the one submission path ({@link PinSubmitter}: claimed first, so a webhook retry, the
     * reconciliation or the pin drain sending it at the same moment never makes a second call). Returns what became of it.
     */
    private PinSubmitter.Outcome submitOne(PinRequest queued, String requestId, Map<String, Integer> repairs) {
        PinSubmitter.Outcome outcome;
        try {
            outcome = submitter.submit(Cid.parse(queued.cid()), "", Map.of("request_id", requestId, "cid", queued.cid()), requestId);
        } catch (InvalidCidException e) {
            ledger.markFailed(queued.cid(), "not a valid CID");
            return PinSubmitter.Outcome.DEAD_LETTERED;
        }
        switch (outcome) {
            case SUBMITTED -> repairs.merge("submit", 1, Integer::sum);
            case DEFERRED, REFUSED, DEAD_LETTERED -> repairs.merge("submit_failed", 1, Integer::sum);
            case ALREADY_WITH_CLUSTER, NOT_CLAIMED -> {
            }
        }
        return outcome;
    }

    /** As the webhook, the reconciliation and deep pinning pin it: the name, replication and meta-* chosen at creation. */
    private static PinOptions pinOptions(PinRequest p, Instant now) {
        return PinOptions.of(p.clusterName(), p.replicationMin(), p.replicationMax()).withMetadata(p.clusterMetadata(now));
    }

    private void resubmit(PinRequest p, String requestId, Map<String, Integer> repairs) {
        try {
            cluster.pin(Cid.parse(p.cid()), pinOptions(p, clock.instant()));
            ledger.recordPinOperation(new PinOperation(p.cid(), "resubmit", "ok", "absent from the cluster's pinset", requestId));
            repairs.merge("resubmit", 1, Integer::sum);
        } catch (ClusterException e) {
            ledger.recordPinOperation(new PinOperation(p.cid(), "resubmit", "failed", e.summary(), requestId));
            repairs.merge("failed", 1, Integer::sum);
        } catch (InvalidCidException e) {
            ledger.markFailed(p.cid(), "not a valid CID");
        }
    }

    private void repair(CidHealth c, Set<String> live, Map<String, String> regionOfPeer, Map<String, Long> freeOfPeer, String requestId,
            Map<String, Integer> repairs) {
        Cid cid;
        try {
            cid = Cid.parse(c.cid());
        } catch (InvalidCidException e) {
            return;
        }
        String kind;
        try {
            switch (c.state()) {
                case ERRORED -> {
                    kind = "recover";
                    cluster.recover(cid);
                }
                case UNDER_REPLICATED -> {
                    // Re-pinning re-runs allocation: allocations on peers without valid metrics no longer count,
                    // so the cluster tops the pin up to its maximum on live peers. With fewer live peers than the
                    // minimum the cluster would refuse it: ask for what is there now; a later sweep raises it.
                    kind = "repin";
                    int min = Math.max(1, Math.min(c.replicationMin(), live.size()));
                    cluster.pin(cid, PinOptions.of(c.name(), min, Math.max(c.replicationMin(), c.replicationMax()))
                            .withMetadata(currentMetadata(cid)));
                }
                case REGION_POOR -> {
                    // The allocator never restores region spread by itself: name a live peer in each missing region
                    // and raise the minimum so the cluster must add them.
                    kind = "rebalance";
                    List<String> extra = peersInOtherRegions(c.regions(), live, regionOfPeer, freeOfPeer, config.minRegions() - c.regions().size());
                    int min = Math.min(c.pinned() + extra.size(), Math.max(c.replicationMax(), c.pinned() + extra.size()));
                    cluster.pin(cid, PinOptions.of(c.name(), min, Math.max(min, c.replicationMax())).withUserAllocations(extra)
                            .withMetadata(currentMetadata(cid)));
                }
                default -> {
                    return;
                }
            }
            ledger.recordPinOperation(new PinOperation(c.cid(), kind, "ok", c.state().name().toLowerCase(), requestId));
            repairs.merge(kind, 1, Integer::sum);
        } catch (ClusterException e) {
            ledger.recordPinOperation(new PinOperation(c.cid(), "repair", "failed", e.summary(), requestId));
            repairs.merge("failed", 1, Integer::sum);
        }
    }

    /**
     * The minimum a pin is judged by: its own, or the one it asked for when it was made with less while peers were
     * down (degraded allocation records it as {@code meta-wantedReplicationMin}), so it reads as under-replicated
     * until it is raised.
     */
    private static int wantedMin(me.grokme.pinning.cluster.Pin p) {
        String wanted = p.metadata().get(me.grokme.pinning.cluster.AllocationRefusal.WANTED_MIN_KEY);
        try {
            return wanted == null ? p.replicationMin() : Math.max(p.replicationMin(), Integer.parseInt(wanted));
        } catch (NumberFormatException e) {
            return p.replicationMin();
        }
    }

    /** The pin's meta-* as the cluster has them: a re-pin replaces the whole pin, so they are sent again. */
    private Map<String, String> currentMetadata(Cid cid) {
        return cluster.allocation(cid).map(me.grokme.pinning.cluster.Pin::metadata).orElse(Map.of());
    }

    private static List<String> peersInOtherRegions(List<String> have, Set<String> live, Map<String, String> regionOfPeer,
            Map<String, Long> freeOfPeer, int wanted) {
        Map<String, String> bestPerRegion = new TreeMap<>();
        for (String id : live) {
            String region = regionOfPeer.get(id);
            if (region == null || have.contains(region)) {
                continue;
            }
            String best = bestPerRegion.get(region);
            if (best == null || freeOfPeer.getOrDefault(id, 0L) > freeOfPeer.getOrDefault(best, 0L)) {
                bestPerRegion.put(region, id);
            }
        }
        return bestPerRegion.values().stream().limit(Math.max(0, wanted)).toList();
    }

    private void emit(SweepReport.Completed r) {
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        values.put("cids_checked", Emf.Value.count(r.cidsChecked()));
        values.put("under_replicated", Emf.Value.count(r.states().getOrDefault(HealthState.UNDER_REPLICATED, 0L)));
        values.put("region_poor", Emf.Value.count(r.states().getOrDefault(HealthState.REGION_POOR, 0L)));
        values.put("errored", Emf.Value.count(r.states().getOrDefault(HealthState.ERRORED, 0L)));
        values.put("repaired", Emf.Value.count(r.repairs().values().stream().mapToInt(Integer::intValue).sum()));
        values.put("peers_down", Emf.Value.count(r.peersDown()));
        values.put("health_writes", Emf.Value.count(r.healthWrites()));
        values.put("vanished", Emf.Value.count(r.vanished()));
        values.put("stream_incomplete", Emf.Value.count(r.complete() ? 0 : 1));
        values.put("failed_steps", Emf.Value.count(r.failedSteps().size()));
        r.backlog().ifPresent(b -> {
            values.put("pins_pending", Emf.Value.count(b.pending()));
            values.put("pins_deferred", Emf.Value.count(b.deferred()));
            values.put("pins_submitted", Emf.Value.count(b.submitted()));
            values.put("pins_failed", Emf.Value.count(b.failed()));
        });
        values.put("duration", Emf.Value.millis(r.duration().toMillis()));
        metrics.emit(Map.of("Function", "health-sweep"), values);
    }

    private String summary(SweepReport.Completed r, Instant started, long[] pinnedHistogram, long[] inProgressHistogram,
            Optional<Map<String, Long>> failures, Map<String, PeerView> peers) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("generated_at", clock.instant().toString());
            g.writeObjectFieldStart("sweep");
            g.writeStringField("started_at", started.toString());
            g.writeNumberField("duration_ms", r.duration().toMillis());
            g.writeBooleanField("complete", r.complete());
            g.writeNumberField("interval_seconds", config.interval().toSeconds());
            g.writeNumberField("health_writes", r.healthWrites());
            g.writeObjectFieldStart("repairs");
            for (Map.Entry<String, Integer> e : r.repairs().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            // Public-safe reasons only: the status endpoint may show them.
            g.writeArrayFieldStart("failed_steps");
            for (SweepReport.StepFailure f : r.failedSteps()) {
                g.writeStartObject();
                g.writeStringField("step", f.step());
                g.writeStringField("reason", f.publicReason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("cids", r.cidsChecked());
            for (HealthState s : HealthState.values()) {
                g.writeNumberField(s.name().toLowerCase(), r.states().getOrDefault(s, 0L));
            }
            g.writeEndObject();
            if (r.backlog().isPresent()) {
                // Ledger requests not safe yet: recorded, but not (yet) confirmed at full replication in the cluster.
                g.writeObjectFieldStart("ledger");
                g.writeNumberField("pending", r.backlog().get().pending());
                g.writeNumberField("deferred", r.backlog().get().deferred());
                g.writeNumberField("submitted", r.backlog().get().submitted());
                g.writeNumberField("failed", r.backlog().get().failed());
                g.writeEndObject();
            }
            if (failures.isPresent()) {
                // What pins nothing, by kind (refused mints, failed metadata reads, orphaned requests…).
                g.writeObjectFieldStart("failures");
                for (Map.Entry<String, Long> e : new TreeMap<>(failures.get()).entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long total = 0;
            long sum = 0;
            g.writeObjectFieldStart("replication_histogram");
            for (int i = 0; i < pinnedHistogram.length; i++) {
                g.writeNumberField(i == 7 ? "7+" : Integer.toString(i), pinnedHistogram[i]);
                total += pinnedHistogram[i];
                sum += (long) i * pinnedHistogram[i];
            }
            g.writeEndObject();
            g.writeNumberField("average_replication", total == 0 ? 0 : Math.round(sum * 100.0 / total) / 100.0);
            // Part of the histogram: still replicating within the grace period, so not (yet) missing replicas.
            g.writeObjectFieldStart("in_progress");
            g.writeNumberField("grace_seconds", config.inProgressGrace().toSeconds());
            g.writeObjectFieldStart("within_grace_histogram");
            for (int i = 0; i < inProgressHistogram.length; i++) {
                g.writeNumberField(i == 7 ? "7+" : Integer.toString(i), inProgressHistogram[i]);
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("replication_target");
            g.writeNumberField("min", config.defaultReplicationMin());
            g.writeNumberField("max", config.defaultReplicationMax());
            g.writeNumberField("min_regions", config.minRegions());
            g.writeEndObject();
            g.writeArrayFieldStart("peers");
            Map<String, long[]> regions = new TreeMap<>();
            for (PeerView p : peers.values()) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                g.writeStringField("region", p.region());
                g.writeStringField("status", p.status());
                g.writeStringField("last_seen", p.lastSeen().toString());
                g.writeNumberField("pins", p.pins());
                g.writeNumberField("free_bytes", p.freeBytes());
                g.writeEndObject();
                long[] agg = regions.computeIfAbsent(p.region(), k -> new long[4]);
                agg[0]++;
                agg[1] += "up".equals(p.status()) ? 1 : 0;
                agg[2] += p.freeBytes();
                agg[3] += p.pins();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("regions");
            for (Map.Entry<String, long[]> e : regions.entrySet()) {
                g.writeStartObject();
                g.writeStringField("region", e.getKey());
                g.writeNumberField("peers", e.getValue()[0]);
                g.writeNumberField("peers_up", e.getValue()[1]);
                g.writeNumberField("free_bytes", e.getValue()[2]);
                g.writeNumberField("pins", e.getValue()[3]);
                g.writeEndObject();
            }
            g.writeEndArray();
            writeRows(g, "recent_operations", store.recentItems("OPS#", clock.instant(), 2, 50), Set.of("at", "cid", "kind", "result", "detail"));
            writeRows(g, "failure_events", store.recentItems("EVENTS#", clock.instant(), 30, 200), Set.of("at", "kind", "subject", "detail"));
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static void writeRows(JsonGenerator g, String field, List<Map<String, String>> rows, Set<String> keep) throws IOException {
        g.writeArrayFieldStart(field);
        for (Map<String, String> row : rows) {
            g.writeStartObject();
            for (String k : new TreeMap<>(row).keySet()) {
                if (keep.contains(k)) {
                    g.writeStringField(k, row.get(k));
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
