package me.grokme.pinning.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.PinInfoShort;
import me.grokme.pinning.cluster.TrackerStatus;

/**
 * Turns one cluster-wide status line into a {@link CidHealth}. Pure: peers' regions and the pin's
 * replication come in as arguments.
 *
 * <p>A dead peer in a CRDT cluster is absent from the streamed status, so it simply does not count as a
 * replica; that is why under-replication is judged by {@code pinned} peers, never by the absence of errors. Until its
 * ping expires it is listed with {@code cluster_error} for every pin, and counts as no replica then either.
 */
public final class Classifier {

    private final int minRegions;

    public Classifier(int minRegions) {
        this.minRegions = minRegions;
    }

    public CidHealth classify(GlobalPinInfo g, Map<String, String> regionOfPeer, int replicationMin, int replicationMax) {
        int pinned = 0;
        int inProgress = 0;
        boolean errored = false;
        List<String> regions = new ArrayList<>(4);
        Map<String, String> peerStatus = new LinkedHashMap<>();
        for (Map.Entry<String, PinInfoShort> e : g.peerMap().entrySet()) {
            TrackerStatus s = e.getValue().status();
            if (s == TrackerStatus.REMOTE) {
                continue;
            }
            String name = PeerPolicy.displayName(e.getValue().peername(), e.getKey());
            peerStatus.put(name, s.wire());
            if (s == TrackerStatus.PINNED) {
                pinned++;
                String region = regionOfPeer.get(e.getKey());
                if (region != null && !regions.contains(region)) {
                    regions.add(region);
                }
            } else if (s.isInProgress()) {
                inProgress++;
            } else if (s.isError() && s != TrackerStatus.CLUSTER_ERROR) {
                errored = true;
            }
            // cluster_error: the peer did not answer (down, its ping not expired yet). Not a pin failure a recover could
            // fix; only not a replica now.
        }
        // Replication -1 ("everywhere") counts as every live peer; 0 means the cluster default, unknown here.
        int min = replicationMin > 0 ? replicationMin : replicationMin < 0 ? Math.max(1, regionOfPeer.size()) : 1;
        regions.sort(null); // stable order: the per-CID record does not change with map iteration order
        HealthState state;
        if (errored) {
            state = HealthState.ERRORED;
        } else if (pinned < min) {
            state = inProgress > 0 && pinned + inProgress >= min ? HealthState.PINNING : HealthState.UNDER_REPLICATED;
        } else if (regions.size() < Math.min(minRegions, min)) {
            state = HealthState.REGION_POOR;
        } else {
            state = HealthState.HEALTHY;
        }
        return new CidHealth(g.cid(), g.name(), state, pinned, regions, replicationMin, replicationMax, peerStatus, g.allocations());
    }
}
