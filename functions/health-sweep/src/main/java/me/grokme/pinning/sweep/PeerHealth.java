package me.grokme.pinning.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges every peer known (this sweep's metrics and the previous sweep's record) by its ping — not by the
 * absence of errors. Pure: no cluster, no table.
 */
final class PeerHealth {

    private PeerHealth() {
    }

    /** A peer whose status changed since the previous sweep ({@code peer_<status>}), or that was retired ({@code peer_retired}). */
    record Transition(String eventKind, String peerName, String detail) {
        Transition(PeerStatus to, String peerName, String detail) {
            this("peer_" + to.wire(), peerName, detail);
        }
    }

    /**
     * @param views       by peer name, for the dashboard
     * @param toSave      by peer id, for the next sweep
     * @param transitions status changes since the previous sweep
     */
    record Judgement(Map<String, PeerView> views, Map<String, PeerRecord> toSave, List<Transition> transitions) {
    }

    /**
     * Peers {@code policy} does not call GROKME's (no longer in {@code TRUSTED_PEERS}) are forgotten; one unseen for the
     * whole retention (removed or re-keyed) is retired, so it stops counting as down.
     */
    static Judgement judge(PeerObservation peers, Map<String, PeerRecord> previous, Map<String, Long> pinsPerPeer, Instant now,
            PeerPolicy policy) {
        Map<String, PeerView> views = new TreeMap<>();
        Map<String, PeerRecord> toSave = new HashMap<>();
        List<Transition> transitions = new ArrayList<>();
        Set<String> known = new HashSet<>(previous.keySet());
        known.addAll(peers.live());
        known.addAll(peers.regionOfPeer().keySet());
        for (String id : known) {
            if (!policy.ours(id)) {
                continue;
            }
            PeerRecord before = previous.get(id);
            boolean live = peers.live().contains(id);
            long free = peers.freeOfPeer().getOrDefault(id, -1L);
            PeerStatus status = !live ? PeerStatus.DOWN : free == 0 ? PeerStatus.DEGRADED : PeerStatus.UP;
            Instant lastSeen = live || before == null ? now : before.lastSeen();
            String name = peers.nameOfPeer().getOrDefault(id, PeerPolicy.displayName("", id));
            if (!live && policy.retired(lastSeen, now)) {
                transitions.add(new Transition("peer_retired", name, "unseen since " + lastSeen));
                continue;
            }
            PeerRecord record = new PeerRecord(name, peers.regionOfPeer().getOrDefault(id, "unknown"), status, lastSeen);
            views.put(record.name(), new PeerView(record.name(), record.region(), status, lastSeen, pinsPerPeer.getOrDefault(id, 0L),
                    Math.max(free, 0)));
            toSave.put(id, record);
            if (before != null && before.status() != status) {
                transitions.add(new Transition(status, record.name(), "was " + before.status().wire() + " (region " + record.region() + ")"));
            }
        }
        return new Judgement(views, toSave, transitions);
    }

    /** Without this sweep's metrics, peers are shown as the previous sweep left them: no news is not a change. */
    static Map<String, PeerView> carried(Map<String, PeerRecord> previous, Map<String, Long> pinsPerPeer) {
        Map<String, PeerView> views = new TreeMap<>();
        previous.forEach((id, p) -> views.put(p.name(), new PeerView(p.name(), p.region(), p.status(), p.lastSeen(),
                pinsPerPeer.getOrDefault(id, 0L), 0)));
        return views;
    }

    static int down(Map<String, PeerView> views) {
        return (int) views.values().stream().filter(v -> v.status() == PeerStatus.DOWN).count();
    }

    /** The peers as this sweep judged them, for their up/down history (degraded is up: it answers). */
    static List<AvailabilityRecorder.PeerSample> samples(Map<String, PeerView> views) {
        return views.values().stream().map(v -> new AvailabilityRecorder.PeerSample(v.name(), v.region(), v.status() != PeerStatus.DOWN)).toList();
    }
}
