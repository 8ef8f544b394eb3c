package me.grokme.pinning.sweep;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.dashboard.DashboardItem;
import me.grokme.pinning.ledger.HealthRecord;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.TableKeys;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The sweep's own items in the ledger table (see functions/health-sweep/README.md):
 * compact state buckets, per-CID health records, peers, failure events, the lease and the dashboard summary.
 */
public final class SweepStore implements FingerprintStore {

    static final Duration EVENT_TTL = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final StateBuckets state;

    public SweepStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.state = new StateBuckets(dynamo, table);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** The item {@code key} with the given attributes. */
    private static Map<String, AttributeValue> with(Map<String, AttributeValue> key, Object... nameValue) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        for (int i = 0; i < nameValue.length; i += 2) {
            item.put((String) nameValue[i], (AttributeValue) nameValue[i + 1]);
        }
        return item;
    }

    // --- lease ---------------------------------------------------------------------------------------------

    /** Takes the sweep lease unless another holder's lease is still valid. */
    public boolean acquireLease(String owner, Instant now, Duration ttl) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(with(TableKeys.sweepLease(),
                    "owner", s(owner), "until", n(now.plus(ttl).toEpochMilli()), LedgerTable.TTL, n(now.plus(ttl).plusSeconds(3600).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(PK) OR #until < :now OR #owner = :me")
                    .expressionAttributeNames(Map.of("#until", "until", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":me", s(owner))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("acquireLease", e);
        }
    }

    public void releaseLease(String owner) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(TableKeys.sweepLease()).conditionExpression("#owner = :me")
                    .expressionAttributeNames(Map.of("#owner", "owner")).expressionAttributeValues(Map.of(":me", s(owner))));
        } catch (ConditionalCheckFailedException notOurs) {
            // expired and taken over: nothing to release
        } catch (SdkException e) {
            throw new LedgerUnavailableException("releaseLease", e);
        }
    }

    // --- compact state ------------------------------------------------------------------------------------

    /** The previous sweep's fingerprints ({@link StateBuckets}: bucket items in a recorded layout). */
    @Override
    public Loaded load() {
        return state.load();
    }

    @Override
    public int save(Loaded loaded) {
        return state.save(loaded);
    }

    // --- per-CID health -----------------------------------------------------------------------------------

    /** The CID's observed replication ({@link HealthRecord}); written only when its fingerprint changed. */
    public void writeHealth(CidHealth h, Instant now) {
        HealthRecord record = new HealthRecord(h.cid(), h.state().name(), h.pinned(), h.regions(), h.peerStatus(), now, h.replicationMin(),
                h.replicationMax());
        try {
            dynamo.updateItem(r -> r.tableName(table).key(TableKeys.health(h.cid()))
                    // A healthy CID starts its repair back-off afresh next time it degrades.
                    .updateExpression(record.updateExpression(h.state() == HealthState.HEALTHY))
                    .expressionAttributeValues(record.updateValues()));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("writeHealth", e);
        }
    }

    /** The CID's repair bookkeeping; {@link RepairState#NEVER_REPAIRED} when it has none. */
    RepairState repairState(String cid) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(TableKeys.health(cid))
                    .projectionExpression("repairAttempts, nextRepairAt")).item();
            int attempts = item != null && item.containsKey("repairAttempts") ? Integer.parseInt(item.get("repairAttempts").n()) : 0;
            Instant next = item != null && item.containsKey("nextRepairAt") ? Instant.ofEpochMilli(Long.parseLong(item.get("nextRepairAt").n()))
                    : Instant.EPOCH;
            return new RepairState(attempts, next);
        } catch (SdkException e) {
            throw new LedgerUnavailableException("repairState", e);
        }
    }

    public void recordRepair(String cid, int attempts, Instant next) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(TableKeys.health(cid))
                    .updateExpression("SET repairAttempts = :a, nextRepairAt = :n")
                    .expressionAttributeValues(Map.of(":a", n(attempts), ":n", n(next.toEpochMilli()))));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordRepair", e);
        }
    }

    // --- peers, events, summary ---------------------------------------------------------------------------

    /** The previous sweep's peers, by peer id. */
    Map<String, PeerRecord> loadPeers() {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(TableKeys.peers()).consistentRead(true)).item();
            Map<String, PeerRecord> out = new HashMap<>();
            if (item != null && item.containsKey("peers")) {
                item.get("peers").m().forEach((id, v) -> out.put(id, PeerRecord.decode(v.s())));
            }
            return out;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("loadPeers", e);
        }
    }

    void savePeers(Map<String, PeerRecord> peers) {
        Map<String, AttributeValue> m = new HashMap<>();
        peers.forEach((id, v) -> m.put(id, s(v.encode())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(with(TableKeys.peers(), "peers", AttributeValue.fromM(m))));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("savePeers", e);
        }
    }

    /** A failure event (peer down/up, CID under-replicated/recovered), kept 30 days. */
    public void recordEvent(Instant at, String kind, String subject, String detail) {
        Map<String, AttributeValue> item = new HashMap<>(TableKeys.key(TableKeys.day(TableKeys.EVENTS_PREFIX, at), at + "#" + UUID.randomUUID()));
        item.put("kind", s(kind));
        item.put("subject", s(subject));
        item.put("detail", s(detail));
        item.put("at", s(at.toString()));
        item.put(LedgerTable.TTL, n(at.plus(EVENT_TTL).getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordEvent", e);
        }
    }

    /** Events of the last {@code days} days, newest first, at most {@code limit}. */
    public List<Map<String, String>> recentItems(String prefix, Instant now, int days, int limit) {
        List<Map<String, String>> out = new ArrayList<>();
        try {
            for (int d = 0; d < days && out.size() < limit; d++) {
                LocalDate day = now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(d);
                int remaining = limit - out.size();
                var items = dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(TableKeys.day(prefix, day)))).scanIndexForward(false).limit(remaining)).items();
                for (Map<String, AttributeValue> item : items) {
                    Map<String, String> row = new HashMap<>();
                    item.forEach((k, v) -> {
                        if (v.s() != null && !k.equals(LedgerTable.PK) && !k.equals(LedgerTable.SK)) {
                            row.put(k, v.s());
                        }
                    });
                    out.add(row);
                }
            }
            return out;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recentItems", e);
        }
    }

    /** The pin operations of the last 2 days and the failure events of the last 30, newest first, for the dashboard. */
    SummaryBuilder.Recent recent(Instant at) {
        return new SummaryBuilder.Recent(recentItems(TableKeys.OPS_PREFIX, at, 2, 50), recentItems(TableKeys.EVENTS_PREFIX, at, 30, 200));
    }

    /** The sweep's dashboard, one item ({@link DashboardItem}), so the status endpoint needs one read. */
    public void saveSummary(Dashboard dashboard) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(DashboardItem.item(dashboard)));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("saveSummary", e);
        }
    }

    public Optional<Dashboard> loadSummary() {
        try {
            return DashboardItem.dashboard(dynamo.getItem(r -> r.tableName(table).key(DashboardItem.key())).item());
        } catch (SdkException e) {
            throw new LedgerUnavailableException("loadSummary", e);
        }
    }
}
