package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB item of a {@link RetrievalRecord} (LEDGER.md, "retrieval probe"). The item joins the sparse probe queues
 * of the {@code byState} index: {@code GSI1PK = PROBED#<shard>} (last probe verified every region) or
 * {@code PROBEFAIL#<shard>} (it did not), {@code GSI1SK = <probedAt, 15-digit epoch ms>#<cid>}, so the probe finds
 * the CIDs probed longest ago, and those that failed, with keys-only queries.
 */
public final class RetrievalRecordCodec {

    public static final String SK = TableKeys.PROBE_SK;
    public static final String OK_QUEUE = TableKeys.PROBED_QUEUE;
    public static final String FAILED_QUEUE = TableKeys.PROBE_FAILED_QUEUE;

    private RetrievalRecordCodec() {
    }

    public static Map<String, AttributeValue> key(String cid) {
        return Map.of(LedgerTable.PK, s(DynamoDbLedger.cidKey(cid)), LedgerTable.SK, s(SK));
    }

    /** The CID a queue entry's sort key names. */
    public static String cidOfQueueKey(String gsi1sk) {
        return gsi1sk.substring(gsi1sk.indexOf('#') + 1);
    }

    /** The time a queue entry's sort key carries (the probe time here; the due time in the PINNED queue). */
    public static Instant timeOfQueueKey(String gsi1sk) {
        return Instant.ofEpochMilli(Long.parseLong(gsi1sk.substring(0, gsi1sk.indexOf('#'))));
    }

    public static String queueKey(String queue, String cid) {
        return TableKeys.queueShard(queue, DynamoDbLedger.shard(cid));
    }

    public static Map<String, AttributeValue> toItem(RetrievalRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.cid()));
        item.put("cid", s(r.cid()));
        item.put("probedAt", s(r.probedAt().toString()));
        r.verifiedAt().ifPresent(v -> item.put("verifiedAt", s(v.toString())));
        Map<String, AttributeValue> regions = new HashMap<>();
        r.regions().forEach((region, c) -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("at", s(c.at().toString()));
            m.put("result", s(c.result().name()));
            m.put("reason", s(c.reason()));
            c.verifiedAt().ifPresent(v -> m.put("verifiedAt", s(v.toString())));
            m.put("streak", AttributeValue.fromN(Integer.toString(c.streak())));
            m.put("dag", AttributeValue.fromBool(c.dag()));
            regions.put(region, AttributeValue.fromM(m));
        });
        item.put("regions", AttributeValue.fromM(regions));
        item.put("failures", AttributeValue.fromL(r.failures().stream().map(f -> AttributeValue.fromM(Map.of(
                "at", s(f.at().toString()), "region", s(f.region()), "reason", s(f.reason()), "detail", s(f.detail())))).toList()));
        boolean allVerified = r.verifiedAt().filter(v -> v.equals(r.probedAt())).isPresent();
        item.put(LedgerTable.GSI1PK, s(queueKey(allVerified ? OK_QUEUE : FAILED_QUEUE, r.cid())));
        item.put(LedgerTable.GSI1SK, s(DynamoDbLedger.dueKey(r.probedAt(), r.cid())));
        return item;
    }

    public static RetrievalRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, RetrievalRecord.RegionCheck> regions = new HashMap<>();
        item.getOrDefault("regions", AttributeValue.fromM(Map.of())).m().forEach((region, v) -> {
            Map<String, AttributeValue> m = v.m();
            regions.put(region, new RetrievalRecord.RegionCheck(Instant.parse(m.get("at").s()),
                    RetrievalRecord.Result.valueOf(m.get("result").s()), m.get("reason").s(), instant(m, "verifiedAt"),
                    Integer.parseInt(m.get("streak").n()), Boolean.TRUE.equals(m.get("dag").bool())));
        });
        List<RetrievalRecord.Failure> failures = new ArrayList<>();
        for (AttributeValue f : item.getOrDefault("failures", AttributeValue.fromL(List.of())).l()) {
            Map<String, AttributeValue> m = f.m();
            failures.add(new RetrievalRecord.Failure(Instant.parse(m.get("at").s()), m.get("region").s(), m.get("reason").s(), m.get("detail").s()));
        }
        return new RetrievalRecord(item.get("cid").s(), Instant.parse(item.get("probedAt").s()), instant(item, "verifiedAt"), regions, failures);
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> m, String name) {
        return Optional.ofNullable(m.get(name)).map(AttributeValue::s).map(Instant::parse);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
