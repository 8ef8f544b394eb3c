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
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.ClusterStreamIncompleteException;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.cluster.PinInfoShort;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.PinType;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.cluster.TrackerStatus;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;

/**
 * One health sweep: a status pass over the whole pinset in constant memory per CID, a delta against the
 * previous sweep (only changes are written), bounded repairs, peer health, failure events and the dashboard
 * summary. One sweep at a time (a lease); a cut status stream never turns unseen CIDs into "lost".
 */
public final class SweepService {

    private static final int MAX_CID_EVENTS_PER_SWEEP = 50;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final ClusterClient cluster;
    private final Ledger ledger;
    private final SweepStore store;
    private final SweepConfig config;
    private final Clock clock;
    private final JsonLog log;
    private final Emf metrics;
    private final Classifier classifier;
    private final ObjectMapper json = new ObjectMapper();

    public SweepService(ClusterClient cluster, Ledger ledger, SweepStore store, SweepConfig config, Clock clock, JsonLog log, Emf metrics) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
        this.classifier = new Classifier(config.minRegions());
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

    private SweepReport sweep(String requestId, Instant now, Instant deadline) {
        // 1. Peers: live ones by their ping metric (a dead peer vanishes from everything else in CRDT).
        Map<String, String> regionOfPeer = new HashMap<>();
        Map<String, String> nameOfPeer = new HashMap<>();
        Map<String, Long> freeOfPeer = new HashMap<>();
        Set<String> live = new HashSet<>();
        for (Metric m : cluster.metrics("ping")) {
            if (m.isLive(now)) {
                live.add(m.peer());
                nameOfPeer.put(m.peer(), peerName(m.value(), m.peer()));
            }
        }
        for (Metric m : cluster.metrics("tag:region")) {
            regionOfPeer.put(m.peer(), m.value());
        }
        for (Metric m : cluster.metrics("freespace")) {
            try {
                freeOfPeer.put(m.peer(), Long.parseLong(m.value()));
            } catch (NumberFormatException e) {
                // not a number: leave unknown
            }
        }
        Map<String, String> previousPeers = store.loadPeers();
        previousPeers.forEach((id, v) -> {
            String[] f = v.split("\\|", -1);
            nameOfPeer.putIfAbsent(id, f[0]);
            regionOfPeer.putIfAbsent(id, f[1]);
        });
        List<String> regionIndex = regionOfPeer.values().stream().distinct().sorted().toList();

        // 2. Each pin's own replication factors, from the pinset (cheap stream), packed 12 bytes a CID.
        LongIntMap replication = new LongIntMap(1024);
        boolean pinsetRead = true;
        try {
            cluster.allocations(Set.of(PinType.PIN), p -> replication.put(CidHealth.hash(p.cid()),
                    (p.replicationMin() & 0xffff) << 16 | (p.replicationMax() & 0xffff), 0));
        } catch (ClusterStreamIncompleteException e) {
            // Without every pin's replication factors a classification could be wrong: skip the status pass.
            pinsetRead = false;
            log.warn("pinset stream incomplete: status pass skipped this time", Map.of("request_id", requestId,
                    "items", e.itemsDelivered()));
        }

        // 3. Status pass against the previous sweep's fingerprints.
        LongIntMap previous = store.loadState(replication.size());
        LongIntMap next = new LongIntMap(Math.max(1024, previous.size()));
        boolean[] changedBuckets = new boolean[SweepStore.BUCKETS];
        Map<HealthState, Long> states = new EnumMap<>(HealthState.class);
        long[] pinnedHistogram = new long[8];
        Map<String, Long> pinsPerPeer = new HashMap<>();
        long[] writes = {0};
        int[] cidEvents = {0};
        PriorityQueue<CidHealth> candidates = new PriorityQueue<>(
                Comparator.comparing(CidHealth::state).thenComparingInt(CidHealth::pinned).reversed());
        int candidateCap = Math.max(1, config.maxRepairs() * 2);
        boolean complete = pinsetRead;
        long checked = 0;
        try {
            checked = !pinsetRead ? 0 : cluster.statusAll(StatusQuery.all(), g -> {
                long h = CidHealth.hash(g.cid());
                int packed = replication.get(h, -1);
                int rmin = packed == -1 ? config.defaultReplicationMin() : (short) (packed >>> 16);
                int rmax = packed == -1 ? config.defaultReplicationMax() : (short) (packed & 0xffff);
                CidHealth c = classifier.classify(g, regionOfPeer, rmin, rmax);
                int fp = c.fingerprint(regionIndex);
                next.put(h, fp, 0);
                states.merge(c.state(), 1L, Long::sum);
                pinnedHistogram[Math.min(c.pinned(), 7)]++;
                for (Map.Entry<String, PinInfoShort> e : g.peerMap().entrySet()) {
                    if (e.getValue().status() == TrackerStatus.PINNED) {
                        pinsPerPeer.merge(e.getKey(), 1L, Long::sum);
                    }
                }
                int old = previous.get(h, -1);
                if (old != fp) {
                    store.writeHealth(c, now);
                    writes[0]++;
                    changedBuckets[SweepStore.bucketOf(LongIntMap.key(h))] = true;
                    if (c.state() == HealthState.HEALTHY) {
                        ledger.markPinned(c.cid(), now);
                    }
                    boolean wasHealthy = old != -1 && (old >>> 24) == HealthState.HEALTHY.ordinal();
                    boolean healthy = c.state() == HealthState.HEALTHY;
                    if (old != -1 && wasHealthy != healthy && cidEvents[0] < MAX_CID_EVENTS_PER_SWEEP) {
                        cidEvents[0]++;
                        store.recordEvent(now, healthy ? "cid_recovered" : "cid_" + c.state().name().toLowerCase(), c.cid(),
                                c.pinned() + " pinned in " + c.regions().size() + " region(s)");
                    }
                }
                if (c.state() != HealthState.HEALTHY && c.state() != HealthState.PINNING) {
                    candidates.offer(c);
                    if (candidates.size() > candidateCap) {
                        candidates.poll();
                    }
                }
            });
        } catch (ClusterStreamIncompleteException e) {
            complete = false;
            checked = e.itemsDelivered();
            log.warn("status stream incomplete: nothing concluded about CIDs not seen", Map.of("request_id", requestId,
                    "items", e.itemsDelivered(), "error", e.clusterMessage()));
        }
        // Keep what was not seen as it was: a cut stream proves nothing about those CIDs.
        if (!complete) {
            previous.forEach((k, v) -> {
                if (next.get(k, -1) == -1) {
                    next.put(k, v, 0);
                }
            });
        }
        long[] vanished = {0};
        if (complete) {
            previous.forEach((k, v) -> {
                if (next.get(k, -1) == -1) {
                    vanished[0]++;
                    changedBuckets[SweepStore.bucketOf(k)] = true; // gone from the pinset: drop it from the state
                }
            });
            if (vanished[0] > 0) {
                store.recordEvent(now, "cids_vanished", "pinset", vanished[0] + " CID(s) seen last sweep are no longer in the pinset");
            }
        }
        int stateWrites = store.saveBuckets(next, changedBuckets);

        // 4. Repairs, worst first, bounded in count and time.
        Map<String, Integer> repairs = new TreeMap<>();
        int budget = config.maxRepairs();
        List<PinRequest> pending = ledger.pendingDue(now, Math.max(0, budget));
        for (PinRequest p : pending) {
            if (budget <= 0 || !clock.instant().isBefore(deadline)) {
                break;
            }
            budget--;
            submitPending(p, requestId, now, repairs);
        }
        if (complete) {
            // Accepted by the cluster a while ago yet absent from its pinset (e.g. lost in an uncommitted CRDT
            // batch): submit again. The grace period covers CRDT propagation.
            for (PinRequest p : ledger.submittedBefore(now.minus(config.repairBackoff()), Math.max(0, budget))) {
                if (budget <= 0 || !clock.instant().isBefore(deadline)) {
                    break;
                }
                int fp = next.get(CidHealth.hash(p.cid()), -1);
                if (fp == -1) {
                    budget--;
                    states.merge(HealthState.UNKNOWN_TO_CLUSTER, 1L, Long::sum);
                    resubmit(p, requestId, repairs);
                } else if ((fp >>> 24) == HealthState.HEALTHY.ordinal()) {
                    // Healthy since before it was submitted (its fingerprint never changed): confirm it now.
                    ledger.markPinned(p.cid(), now);
                }
            }
        }
        List<CidHealth> worstFirst = new ArrayList<>(candidates);
        worstFirst.sort(Comparator.comparing(CidHealth::state).thenComparingInt(CidHealth::pinned));
        boolean outOfTime = false;
        for (CidHealth c : worstFirst) {
            if (budget <= 0) {
                break;
            }
            if (!clock.instant().isBefore(deadline)) {
                outOfTime = true;
                break;
            }
            SweepStore.RepairState rs = store.repairState(c.cid());
            if (now.isBefore(rs.notBefore())) {
                continue;
            }
            budget--;
            repair(c, live, regionOfPeer, freeOfPeer, requestId, repairs);
            Duration wait = config.repairBackoff().multipliedBy(1L << Math.min(rs.attempts(), 10));
            store.recordRepair(c.cid(), rs.attempts() + 1, now.plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait));
        }

        // 5. Peers: everyone we know of, judged against their ping — not by the absence of errors.
        Map<String, PeerView> peers = new TreeMap<>();
        Set<String> known = new HashSet<>(previousPeers.keySet());
        known.addAll(live);
        known.addAll(regionOfPeer.keySet());
        int peersDown = 0;
        Map<String, String> toSave = new HashMap<>();
        for (String id : known) {
            String[] prev = previousPeers.containsKey(id) ? previousPeers.get(id).split("\\|", -1) : null;
            boolean isLive = live.contains(id);
            long free = freeOfPeer.getOrDefault(id, -1L);
            String status = !isLive ? "down" : free == 0 ? "degraded" : "up";
            Instant lastSeen = isLive ? now : prev != null ? Instant.ofEpochMilli(Long.parseLong(prev[3])) : now;
            PeerView v = new PeerView(id, nameOfPeer.getOrDefault(id, id.substring(0, Math.min(12, id.length()))),
                    regionOfPeer.getOrDefault(id, "unknown"), status, lastSeen, pinsPerPeer.getOrDefault(id, 0L), Math.max(free, 0));
            peers.put(v.name(), v);
            toSave.put(id, v.encode());
            if ("down".equals(status)) {
                peersDown++;
            }
            String before = prev == null ? null : prev[2];
            if (before != null && !before.equals(status)) {
                store.recordEvent(now, "peer_" + status, v.name(), "was " + before + " (region " + v.region() + ")");
            }
        }
        store.savePeers(toSave);

        Duration took = Duration.between(now, clock.instant());
        SweepReport.Completed report = new SweepReport.Completed(complete, checked, states, writes[0], stateWrites, repairs, peersDown,
                vanished[0], took, outOfTime);
        store.saveSummary(summary(report, now, pinnedHistogram, peers), clock.instant());
        emit(report);
        log.info("sweep done", Map.of("request_id", requestId, "cids", checked, "complete", complete, "health_writes", writes[0],
                "repairs", repairs.values().stream().mapToInt(Integer::intValue).sum(), "peers_down", peersDown,
                "duration_ms", took.toMillis()));
        return report;
    }

    private String peerName(String pingValue, String fallback) {
        try {
            JsonNode n = json.readTree(pingValue);
            return n.path("peer_name").asText(fallback);
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private void submitPending(PinRequest p, String requestId, Instant now, Map<String, Integer> repairs) {
        if (!p.hasActiveLog()) {
            return; // reorged away: never pinned on their account
        }
        try {
            cluster.pin(Cid.parse(p.cid()), pinOptions(p));
            ledger.markSubmitted(p.cid(), now);
            ledger.recordPinOperation(new PinOperation(p.cid(), "submit", "ok", "", requestId));
            repairs.merge("submit", 1, Integer::sum);
        } catch (ClusterException e) {
            Duration wait = config.repairBackoff().multipliedBy(1L << Math.min(p.attempts(), 10));
            ledger.recordAttemptFailure(p.cid(), e.summary(), now.plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait));
            ledger.recordPinOperation(new PinOperation(p.cid(), "submit", "failed", e.summary(), requestId));
            repairs.merge("submit_failed", 1, Integer::sum);
        } catch (InvalidCidException e) {
            ledger.markFailed(p.cid(), "not a valid CID");
        }
    }

    /** How the webhook or deep pinning would have pinned it: the same name and replication. */
    private static PinOptions pinOptions(PinRequest p) {
        String token = p.tokenIds().stream().sorted().findFirst().orElse("0");
        return PinOptions.of(p.clusterName(), p.replicationMin(), p.replicationMax())
                .withMetadata(Map.of("tokenId", token, "capsule", p.capsule()));
    }

    private void resubmit(PinRequest p, String requestId, Map<String, Integer> repairs) {
        try {
            cluster.pin(Cid.parse(p.cid()), pinOptions(p));
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
                    // so the cluster tops the pin up to its maximum on live peers.
                    kind = "repin";
                    cluster.pin(cid, PinOptions.of(c.name(), Math.max(1, c.replicationMin()), Math.max(c.replicationMin(), c.replicationMax())));
                }
                case REGION_POOR -> {
                    // The allocator never restores region spread by itself: name a live peer in each missing region
                    // and raise the minimum so the cluster must add them.
                    kind = "rebalance";
                    List<String> extra = peersInOtherRegions(c.regions(), live, regionOfPeer, freeOfPeer, config.minRegions() - c.regions().size());
                    int min = Math.min(c.pinned() + extra.size(), Math.max(c.replicationMax(), c.pinned() + extra.size()));
                    cluster.pin(cid, PinOptions.of(c.name(), min, Math.max(min, c.replicationMax())).withUserAllocations(extra));
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
        values.put("duration", Emf.Value.millis(r.duration().toMillis()));
        metrics.emit(Map.of("Function", "health-sweep"), values);
    }

    private String summary(SweepReport.Completed r, Instant started, long[] pinnedHistogram, Map<String, PeerView> peers) {
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
            g.writeEndObject();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("cids", r.cidsChecked());
            for (HealthState s : HealthState.values()) {
                g.writeNumberField(s.name().toLowerCase(), r.states().getOrDefault(s, 0L));
            }
            g.writeEndObject();
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
