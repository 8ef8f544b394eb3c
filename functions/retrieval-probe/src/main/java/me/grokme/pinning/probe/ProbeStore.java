package me.grokme.pinning.probe;

import me.grokme.pinning.ledger.TableKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.RetrievalRecord;
import me.grokme.pinning.ledger.RetrievalRecordCodec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The probe's reads and writes in the ledger table: three calls only (Query on the keys-only index, GetItem, PutItem),
 * which is all template.yaml grants it. Pinned CIDs come from the {@code PINNED#n} partitions of {@code byState}, probe
 * history from the {@code PROBED#n}/{@code PROBEFAIL#n} ones ({@link RetrievalRecordCodec}); no scan.
 */
public final class ProbeStore {

    static final Duration EVENT_TTL = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;

    public ProbeStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Every PINNED request, with the time its queue key carries (when it was requested or last retried). */
    public List<ProbePlanner.Pinned> pinned() {
        List<ProbePlanner.Pinned> out = new ArrayList<>();
        queue(PinState.PINNED.name(), sk -> out.add(new ProbePlanner.Pinned(RetrievalRecordCodec.cidOfQueueKey(sk),
                RetrievalRecordCodec.timeOfQueueKey(sk))));
        return out;
    }

    /** Every CID probed so far, with its last probe time and whether it verified every region. */
    public List<ProbePlanner.Probed> probed() {
        List<ProbePlanner.Probed> out = new ArrayList<>();
        queue(RetrievalRecordCodec.OK_QUEUE, sk -> out.add(new ProbePlanner.Probed(RetrievalRecordCodec.cidOfQueueKey(sk),
                RetrievalRecordCodec.timeOfQueueKey(sk), true)));
        queue(RetrievalRecordCodec.FAILED_QUEUE, sk -> out.add(new ProbePlanner.Probed(RetrievalRecordCodec.cidOfQueueKey(sk),
                RetrievalRecordCodec.timeOfQueueKey(sk), false)));
        return out;
    }

    private void queue(String name, Consumer<String> sortKeys) {
        try {
            for (int shard = 0; shard < LedgerTable.STATE_SHARDS; shard++) {
                String gpk = TableKeys.queueShard(name, Integer.toString(shard));
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    QueryResponse r = dynamo.query(q -> q.tableName(table).indexName(LedgerTable.GSI_BY_STATE)
                            .keyConditionExpression("#gpk = :gpk").expressionAttributeNames(Map.of("#gpk", LedgerTable.GSI1PK))
                            .expressionAttributeValues(Map.of(":gpk", AttributeValue.fromS(gpk))).exclusiveStartKey(from));
                    r.items().forEach(i -> sortKeys.accept(i.get(LedgerTable.GSI1SK).s()));
                    start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                } while (start != null);
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("probe queue " + name, e);
        }
    }

    public Optional<RetrievalRecord> load(String cid) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(RetrievalRecordCodec.key(cid)).consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(RetrievalRecordCodec.fromItem(item));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("load probe record", e);
        }
    }

    public void save(RetrievalRecord record) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(RetrievalRecordCodec.toItem(record)));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("save probe record", e);
        }
    }

    /** A failure event in the sweep's EVENTS items (same shape, so the dashboard's failure_events lists it), kept 30 days. */
    public void recordEvent(Instant at, String kind, String subject, String detail) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LedgerTable.PK, AttributeValue.fromS(TableKeys.day(TableKeys.EVENTS_PREFIX, at)));
        item.put(LedgerTable.SK, AttributeValue.fromS(at + "#" + UUID.randomUUID()));
        item.put("kind", AttributeValue.fromS(kind));
        item.put("subject", AttributeValue.fromS(subject));
        item.put("detail", AttributeValue.fromS(detail));
        item.put("at", AttributeValue.fromS(at.toString()));
        item.put(LedgerTable.TTL, AttributeValue.fromN(Long.toString(at.plus(EVENT_TTL).getEpochSecond())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordEvent", e);
        }
    }
}
