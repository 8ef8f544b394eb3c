package me.grokme.pinning.sweep;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the peers' metrics said this sweep (live ones by their ping), keyed by peer id, completed with what the
 * previous sweep knew of names and regions.
 */
record PeerObservation(Set<String> live, Map<String, String> regionOfPeer, Map<String, String> nameOfPeer, Map<String, Long> freeOfPeer) {

    PeerObservation {
        live = Set.copyOf(live);
        regionOfPeer = Map.copyOf(regionOfPeer);
        nameOfPeer = Map.copyOf(nameOfPeer);
        freeOfPeer = Map.copyOf(freeOfPeer);
    }

    /** Nothing observed: the metrics could not be read. */
    static PeerObservation none() {
        return new PeerObservation(Set.of(), Map.of(), Map.of(), Map.of());
    }

    /** Names and regions of peers known only from the previous sweep are added; this sweep's own win. */
    PeerObservation withPrevious(Map<String, PeerRecord> previous) {
        Map<String, String> names = new HashMap<>(nameOfPeer);
        Map<String, String> regions = new HashMap<>(regionOfPeer);
        previous.forEach((id, p) -> {
            names.putIfAbsent(id, p.name());
            regions.putIfAbsent(id, p.region());
        });
        return new PeerObservation(live, regions, names, freeOfPeer);
    }
}
