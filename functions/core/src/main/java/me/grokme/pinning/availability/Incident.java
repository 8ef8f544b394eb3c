package me.grokme.pinning.availability;

import java.util.List;
import java.util.OptionalLong;

/**
 * An outage as an incident: what was affected, from when, until when (empty while it lasts).
 *
 * @param impact     Statuspage's impact: {@code minor} (a node), {@code major} (a region, or content below target)
 * @param components the affected components' ids ({@code peer-<name>}, {@code region-<region>})
 */
public record Incident(String id, Kind kind, String subject, String impact, List<String> components, long start, OptionalLong end) {

    public Incident {
        components = List.copyOf(components);
    }

    public enum Kind {
        /** One node did not answer its health checks. */
        NODE_DOWN,
        /** Every node of a region was down at once. */
        REGION_DOWN,
        /** More content than the configured share was below its replication target. */
        UNDER_REPLICATED
    }

    public boolean open() {
        return end.isEmpty();
    }
}
