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

/** Reads the peers' metrics: three requests ({@code ping}, {@code tag:region}, {@code freespace}). */
final class PeerObserver {

    private final ClusterClient cluster;
    private final ObjectMapper json = new ObjectMapper();

    PeerObserver(ClusterClient cluster) {
        this.cluster = cluster;
    }

    /** Live peers are those whose ping metric has not expired: a dead peer vanishes from everything else in CRDT. */
    PeerObservation observe(Instant now) {
        Set<String> live = new HashSet<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> regions = new HashMap<>();
        Map<String, Long> free = new HashMap<>();
        for (Metric m : cluster.metrics("ping")) {
            if (m.isLive(now)) {
                live.add(m.peer());
                names.put(m.peer(), peerName(m.value(), m.peer()));
            }
        }
        for (Metric m : cluster.metrics("tag:region")) {
            regions.put(m.peer(), m.value());
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
            return n.path("peer_name").asText(fallback);
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
