package me.grokme.pinning.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.logging.JsonLog;

/**
 * Reads the peers' metrics: three requests ({@code ping}, {@code tag:region}, {@code freespace}). Only the peers
 * {@link PeerPolicy} calls GROKME's are observed; the others are counted in a log line and nowhere else.
 */
final class PeerObserver {

    private final ClusterClient cluster;
    private final PeerPolicy policy;
    private final JsonLog log;
    private final ObjectMapper json = new ObjectMapper();

    PeerObserver(ClusterClient cluster, PeerPolicy policy, JsonLog log) {
        this.cluster = cluster;
        this.policy = policy;
        this.log = log;
    }

    /** Live peers are those whose ping metric has not expired: a dead peer vanishes from everything else in CRDT. */
    PeerObservation observe(Instant now) {
        Set<String> live = new HashSet<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> regions = new HashMap<>();
        Map<String, Long> free = new HashMap<>();
        Set<String> untrusted = new HashSet<>();
        for (Metric m : cluster.metrics("ping")) {
            if (!policy.ours(m.peer())) {
                untrusted.add(m.peer()); // in the cluster but not trusted: never one of GROKME's peers
            } else if (m.isLive(now)) {
                live.add(m.peer());
                names.put(m.peer(), peerName(m.value(), m.peer()));
            }
        }
        if (!untrusted.isEmpty()) {
            log.warn("peers that are not trusted report to the cluster (they hold its secret); not counted as GROKME's",
                    Map.of("untrusted_peers", untrusted.size()));
        }
        for (Metric m : cluster.metrics("tag:region")) {
            if (policy.ours(m.peer())) {
                regions.put(m.peer(), m.value());
            }
        }
        for (Metric m : cluster.metrics("freespace")) {
            try {
                free.put(m.peer(), Long.parseLong(m.value()));
            } catch (NumberFormatException e) {
                // not a number: leave unknown
            }
        }
        return new PeerObservation(live, regions, names, free);
    }

    private String peerName(String pingValue, String fallback) {
        try {
            JsonNode n = json.readTree(pingValue);
            return PeerPolicy.displayName(n.path("peer_name").asText(""), fallback);
        } catch (IOException | RuntimeException e) {
            return PeerPolicy.displayName("", fallback);
        }
    }
}
