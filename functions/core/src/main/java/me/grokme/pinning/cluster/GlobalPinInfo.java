package me.grokme.pinning.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide status of one CID ({@code GET /pins} items, {@code GET /pins/{cid}}).
 *
 * @param cid     the CID string as the cluster printed it
 * @param peerMap cluster peer id → that peer's status; in a CRDT cluster a peer whose ping expired is
 *                absent from the streamed {@code GET /pins} but shows {@code cluster_error} in
 *                {@code GET /pins/{cid}} while it stays allocated
 */
public record GlobalPinInfo(
        String cid,
        String name,
        List<String> allocations,
        List<String> origins,
        Instant created,
        Map<String, String> metadata,
        Map<String, PinInfoShort> peerMap) {

    public GlobalPinInfo {
        allocations = List.copyOf(allocations);
        origins = List.copyOf(origins);
        metadata = Map.copyOf(metadata);
        peerMap = Map.copyOf(peerMap);
    }

    /** Number of peers reporting {@code pinned}. */
    public int pinnedCount() {
        int n = 0;
        for (PinInfoShort p : peerMap.values()) {
            if (p.status() == TrackerStatus.PINNED) {
                n++;
            }
        }
        return n;
    }
}
