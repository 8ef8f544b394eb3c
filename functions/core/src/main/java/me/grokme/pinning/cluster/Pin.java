package me.grokme.pinning.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pin as committed to the cluster's shared state ({@code POST /pins} answer, {@code /allocations} items).
 * Lists and maps that the cluster writes as {@code null} are empty here.
 *
 * @param cid            the CID string as the cluster printed it
 * @param allocations    cluster peer ids this pin is allocated to ({@code []} = everywhere)
 * @param expireAt       empty when the pin never expires ({@code 0001-01-01T00:00:00Z} on the wire)
 */
public record Pin(
        String cid,
        PinType type,
        List<String> allocations,
        int maxDepth,
        Optional<String> reference,
        Instant timestamp,
        int replicationMin,
        int replicationMax,
        String name,
        PinMode mode,
        long shardSize,
        List<String> userAllocations,
        Optional<Instant> expireAt,
        Map<String, String> metadata,
        Optional<String> pinUpdate,
        List<String> origins) {

    public Pin {
        allocations = List.copyOf(allocations);
        userAllocations = List.copyOf(userAllocations);
        metadata = Map.copyOf(metadata);
        origins = List.copyOf(origins);
    }
}
