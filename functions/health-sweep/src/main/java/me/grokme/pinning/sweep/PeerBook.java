package me.grokme.pinning.sweep;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The peers' step of a sweep: judged by {@link PeerHealth}, their transitions recorded as events, saved for the next sweep. */
final class PeerBook {

    private final SweepStore store;
    private final PeerPolicy policy;

    PeerBook(SweepStore store, PeerPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    /**
     * The peers as this sweep shows them. Saved only when both the previous peers and this sweep's metrics were read:
     * with either missing, saving would forget peers or call them down on no evidence.
     */
    Map<String, PeerView> settle(SweepSteps steps, Optional<Map<String, PeerRecord>> loaded, boolean observed, PeerObservation peers,
            Map<String, Long> pinsPerPeer, Instant now) {
        Map<String, PeerRecord> previous = loaded.orElse(Map.of());
        if (!observed) {
            return PeerHealth.carried(previous, pinsPerPeer);
        }
        PeerHealth.Judgement judged = PeerHealth.judge(peers, previous, pinsPerPeer, now, policy);
        if (loaded.isEmpty()) {
            return judged.views();
        }
        return steps.call("peer_health", () -> {
            judged.transitions().forEach(t -> store.recordEvent(now, t.eventKind(), t.peerName(), t.detail()));
            store.savePeers(judged.toSave());
            return judged.views();
        }).orElseGet(() -> PeerHealth.carried(previous, pinsPerPeer));
    }
}
