package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The health sweep's last observation of one CID, item {@code CID#<cid>/HEALTH}: written by the sweep when the CID's
 * picture changed, read by the status function. The item also holds the sweep's repair bookkeeping
 * ({@code repairAttempts}, {@code nextRepairAt}), which is not part of this record.
 *
 * @param state   the sweep's health state by name (HEALTHY, PINNING, REGION_POOR, ERRORED, UNDER_REPLICATED…)
 * @param regions distinct regions of the peers reporting pinned
 * @param peers   peer name → tracker status
 */
public record HealthRecord(String cid, String state, int pinned, List<String> regions, Map<String, String> peers, Instant lastChange,
        int replicationMin, int replicationMax) {

    public HealthRecord {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(state, "state");
        regions = List.copyOf(regions);
        peers = Map.copyOf(peers);
    }

    /** The {@code UpdateItem} expression that writes this record (and, when {@code resetRepairs}, forgets past repairs). */
    public String updateExpression(boolean resetRepairs) {
        return "SET cid = :cid, health = :state, pinnedCount = :pinned, regions = :regions, peers = :peers, lastChange = :now, "
                + "rmin = :rmin, rmax = :rmax" + (resetRepairs ? " REMOVE repairAttempts, nextRepairAt" : "");
    }

    /** The values of {@link #updateExpression}. */
    public Map<String, AttributeValue> updateValues() {
        Map<String, AttributeValue> peerMap = new HashMap<>();
        peers.forEach((peer, status) -> peerMap.put(peer, AttributeValue.fromS(status)));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", AttributeValue.fromS(state));
        values.put(":pinned", AttributeValue.fromN(Integer.toString(pinned)));
        values.put(":regions", AttributeValue.fromL(regions.stream().map(AttributeValue::fromS).toList()));
        values.put(":peers", AttributeValue.fromM(peerMap));
        values.put(":now", AttributeValue.fromS(lastChange.toString()));
        values.put(":rmin", AttributeValue.fromN(Integer.toString(replicationMin)));
        values.put(":rmax", AttributeValue.fromN(Integer.toString(replicationMax)));
        values.put(":cid", AttributeValue.fromS(cid));
        return values;
    }

    /** The record of a stored item; an item holding only repair bookkeeping has no record. */
    public static Optional<HealthRecord> fromItem(Map<String, AttributeValue> item) {
        if (item == null || !item.containsKey("health") || !item.containsKey("pinnedCount")) {
            return Optional.empty();
        }
        Map<String, String> peers = new TreeMap<>();
        if (item.containsKey("peers")) {
            item.get("peers").m().forEach((k, v) -> peers.put(k, v.s()));
        }
        return Optional.of(new HealthRecord(item.containsKey("cid") ? item.get("cid").s() : "", item.get("health").s(),
                Integer.parseInt(item.get("pinnedCount").n()), item.containsKey("regions") ? item.get("regions").l().stream().map(AttributeValue::s).toList()
                        : List.of(), peers, item.containsKey("lastChange") ? Instant.parse(item.get("lastChange").s()) : Instant.EPOCH,
                number(item, "rmin"), number(item, "rmax")));
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Integer.parseInt(item.get(name).n()) : 0;
    }
}
