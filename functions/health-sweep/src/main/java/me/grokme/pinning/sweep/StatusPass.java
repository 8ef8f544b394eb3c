package me.grokme.pinning.sweep;

import me.grokme.pinning.capsule.Capsules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import me.grokme.pinning.cluster.AllocationRefusal;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterStreamIncompleteException;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.Pin;
import me.grokme.pinning.cluster.PinInfoShort;
import me.grokme.pinning.cluster.PinType;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.cluster.TrackerStatus;
import me.grokme.pinning.logging.JsonLog;

/**
 * The status pass: the pinset's replication factors ({@code GET /allocations}), then the cluster-wide status stream
 * ({@code GET /pins}) item by item, each CID classified and compared with the previous sweep's fingerprint. Changed
 * CIDs go to {@link Changes}; the fingerprints are saved where something changed. A cut stream concludes nothing
 * about the CIDs it did not show: their previous fingerprints are kept.
 */
public final class StatusPass {

    /** What the pass reports as it finds it: per-CID records, confirmations and events are the caller's. */
    interface Changes {
        /** {@code c} differs from its previous fingerprint ({@link Fingerprint#NONE} when it is new). */
        void changed(CidHealth c, int previousFingerprint);

        /** A complete pass did not see {@code count} CIDs the previous sweep saw. */
        void vanished(long count);
    }

    private final ClusterClient cluster;
    private final FingerprintStore store;
    private final Classifier classifier;
    private final int defaultMin;
    private final int defaultMax;
    private final PeerPolicy peers;
    private final JsonLog log;

    StatusPass(ClusterClient cluster, FingerprintStore store, SweepConfig config, JsonLog log) {
        this.cluster = cluster;
        this.store = store;
        this.classifier = new Classifier(config.minRegions());
        this.defaultMin = config.defaultReplicationMin();
        this.defaultMax = config.defaultReplicationMax();
        this.peers = config.peers();
        this.log = log;
    }

    /**
     * A pass that stores nothing but the fingerprints — the state a previous sweep would have left, without its per-CID
     * records, confirmations or events — so a benchmark can time a steady sweep. Returns the CIDs seen.
     */
    public static long saveFingerprintsOnly(ClusterClient cluster, SweepStore store, SweepConfig config, JsonLog log, Instant now) {
        StatusFindings f = new StatusFindings(1);
        new StatusPass(cluster, store, config, log).run(f, new PeerObserver(cluster, config.peers(), log).observe(now), NO_RECORDS, "prime");
        return f.checked;
    }

    private static final Changes NO_RECORDS = new Changes() {
        @Override
        public void changed(CidHealth c, int previousFingerprint) {
        }

        @Override
        public void vanished(long count) {
        }
    };

    void run(StatusFindings f, PeerObservation peers, Changes changes, String requestId) {
        // The previous fingerprints first: their count sizes the one table the pinset and this pass then fill.
        FingerprintStore.Loaded loaded = store.load();
        SweepState state = loaded.state();
        f.state = state;
        f.complete = readPinset(state, requestId);
        List<String> regionIndex = peers.regionOfPeer().values().stream().distinct().sorted().toList();
        Function<GlobalPinInfo, CidHealth> classify = classifyWith(state, peers.regionOfPeer());
        try {
            f.checked = !f.complete ? 0 : cluster.statusAll(StatusQuery.all(), g -> see(f, classify.apply(g), g, regionIndex, changes));
        } catch (ClusterStreamIncompleteException e) {
            f.complete = false;
            f.checked = e.itemsDelivered();
            log.warn("status stream incomplete: nothing concluded about CIDs not seen", Map.of("request_id", requestId,
                    "items", e.itemsDelivered(), "error", e.clusterMessage()));
        }
        // Unseen CIDs: kept as they were after a cut stream; dropped from the state after a complete one.
        f.vanished = state.settleUnseen(f.complete);
        if (f.vanished > 0) {
            changes.vanished(f.vanished);
        }
        f.stateWrites = store.save(loaded);
    }

    /** Each pin's own replication factors, into the table; false when the stream was cut. */
    private boolean readPinset(SweepState state, String requestId) {
        try {
            cluster.allocations(Set.of(PinType.PIN), p -> {
                int min = wantedMin(p);
                state.putReplication(CidHealth.hash(p.cid()), min, Math.max(min, p.replicationMax()));
            });
            return true;
        } catch (ClusterStreamIncompleteException e) {
            // Without every pin's replication factors a classification could be wrong: skip the status pass.
            log.warn("pinset stream incomplete: status pass skipped this time", Map.of("request_id", requestId, "items", e.itemsDelivered()));
            return false;
        }
    }

    /**
     * The minimum a pin is judged by: its own, or the one it asked for when it was made with less while peers were
     * down (degraded allocation records it as {@code meta-wantedReplicationMin}), so it reads as under-replicated
     * until it is raised.
     */
    static int wantedMin(Pin p) {
        String wanted = p.metadata().get(AllocationRefusal.WANTED_MIN_KEY);
        try {
            return wanted == null ? p.replicationMin() : Math.max(p.replicationMin(), Integer.parseInt(wanted));
        } catch (NumberFormatException e) {
            return p.replicationMin();
        }
    }

    private Function<GlobalPinInfo, CidHealth> classifyWith(SweepState state, Map<String, String> regionOfPeer) {
        return g -> {
            int packed = state.replication(CidHealth.hash(g.cid()));
            boolean listed = packed != Replication.UNKNOWN;
            return classifier.classify(peers.onlyOurs(g), regionOfPeer, listed ? Replication.min(packed) : defaultMin,
                    listed ? Replication.max(packed) : defaultMax);
        };
    }

    /** One CID of the stream: counted, compared with its previous fingerprint, reported only when changed. */
    private static void see(StatusFindings f, CidHealth c, GlobalPinInfo g, List<String> regionIndex, Changes changes) {
        int fp = c.fingerprint(regionIndex);
        int old = f.state.see(CidHealth.hash(c.cid()), fp);
        // The capsule whose token named the pin (PinRequest.clusterMetadata); bounded, since a pin's metadata is anyone's.
        String capsule = g.metadata().getOrDefault("capsule", "");
        f.count(c, g.created(), Capsules.NAME.matcher(capsule).matches() ? capsule : "");
        for (Map.Entry<String, PinInfoShort> e : g.peerMap().entrySet()) {
            if (e.getValue().status() == TrackerStatus.PINNED) {
                f.pinsPerPeer.merge(e.getKey(), 1L, Long::sum);
            }
        }
        if (old != fp) {
            changes.changed(c, old);
            f.healthWrites++;
        }
        if (c.state() != HealthState.HEALTHY && c.state() != HealthState.PINNING) {
            f.offerCandidate(c);
        }
    }
}
