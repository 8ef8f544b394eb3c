package me.grokme.pinning.sweep;

import java.util.List;
import java.util.Map;

/**
 * One CID as the status pass saw it.
 *
 * @param regions      distinct regions of the peers reporting {@code pinned}
 * @param peerStatus   peer name → tracker status string, for the per-CID record
 * @param allocations  cluster peer ids the pin is allocated to
 */
public record CidHealth(String cid, String name, HealthState state, int pinned, List<String> regions, int replicationMin, int replicationMax,
        Map<String, String> peerStatus, List<String> allocations) {

    public CidHealth {
        regions = List.copyOf(regions);
        peerStatus = Map.copyOf(peerStatus);
        allocations = List.copyOf(allocations);
    }

    /** This CID's {@link Fingerprint}: what the delta store compares between sweeps. */
    int fingerprint(List<String> regionIndex) {
        return Fingerprint.of(state, pinned, regions, regionIndex);
    }

    /** 64-bit hash of the CID string (FNV-1a), the key of the compact sweep state. */
    static long hash(String cid) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < cid.length(); i++) {
            h ^= cid.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
