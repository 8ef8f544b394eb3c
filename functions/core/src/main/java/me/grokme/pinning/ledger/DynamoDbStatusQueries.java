package me.grokme.pinning.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.availability.AvailabilityStore;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.dashboard.DashboardItem;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link StatusQueries} on the ledger table: GetItem and Query only (the status function's grant). */
public final class DynamoDbStatusQueries implements StatusQueries {

    private final DynamoDbClient dynamo;
    private final String table;
    private final TokenKeys tokenKeys;

    public DynamoDbStatusQueries(DynamoDbClient dynamo, String table) {
        this(dynamo, table, TokenKeys.DEFAULT);
    }

    public DynamoDbStatusQueries(DynamoDbClient dynamo, String table, TokenKeys tokenKeys) {
        this.dynamo = dynamo;
        this.table = table;
        this.tokenKeys = tokenKeys;
    }

    private Optional<Map<String, AttributeValue>> item(Map<String, AttributeValue> key, String op) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        } catch (SdkException e) {
            throw new LedgerUnavailableException(op, e);
        }
    }

    @Override
    public Optional<Dashboard> dashboard() {
        return item(DashboardItem.key(), "dashboard").flatMap(DashboardItem::dashboard);
    }

    @Override
    public Optional<PinRequest> request(Cid cid) {
        return item(TableKeys.pin(cid.toString()), "request").map(DynamoDbLedger::toPin);
    }

    @Override
    public Optional<HealthRecord> health(Cid cid) {
        return item(TableKeys.health(cid.toString()), "health").flatMap(HealthRecord::fromItem);
    }

    @Override
    public Optional<RetrievalRecord> probe(Cid cid) {
        return item(RetrievalRecordCodec.key(cid.toString()), "probe").map(RetrievalRecordCodec::fromItem);
    }

    @Override
    public Optional<String> availability() {
        return item(TableKeys.key(AvailabilityStore.PK, AvailabilityStore.CURRENT), "availability").filter(i -> i.containsKey("body"))
                .map(i -> AvailabilityStore.gunzip(i.get("body").b().asByteArray()));
    }

    @Override
    public List<HistoryEntry> history(Cid cid, int limit) {
        try {
            return dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :op)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TableKeys.cid(cid.toString())),
                            ":op", AttributeValue.fromS(TableKeys.OP_SK_PREFIX)))
                    .scanIndexForward(false).limit(limit)).items().stream()
                    .map(i -> new HistoryEntry(text(i, "at"), text(i, "kind"), text(i, "result"))).toList();
        } catch (SdkException e) {
            throw new LedgerUnavailableException("history", e);
        }
    }

    @Override
    public List<TokenCid> cidsForToken(TokenRef token, int limit) {
        try {
            List<TokenCid> out = new ArrayList<>();
            dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :cid)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(tokenKeys.partitionKey(token)), ":cid", AttributeValue.fromS(TableKeys.CID_PREFIX)))
                    .limit(limit))
                    .items().forEach(i -> out.add(tokenCid(i)));
            return out;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("cidsForToken", e);
        }
    }

    /** A token's CID link item as a {@link TokenCid}. */
    public static TokenCid tokenCid(Map<String, AttributeValue> i) {
        // Links written before deep pinning, or with it off, carry no role: they are the token URI's CID.
        String role = text(i, "role");
        return new TokenCid(text(i, "cid"), role.isEmpty() || role.equals("metadata") ? "token_uri" : role, text(i, "path"), text(i, "uriAt"),
                text(i, "via"));
    }

    @Override
    public Map<String, OrphanedLink> orphanedLinks(TokenRef token) {
        String pk = tokenKeys.partitionKey(token);
        Map<String, OrphanedLink> out = new java.util.TreeMap<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :cid)")
                        .filterExpression("attribute_exists(orphanReason)").exclusiveStartKey(from)
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":cid", AttributeValue.fromS(TableKeys.CID_PREFIX))));
                page.items().forEach(i -> out.put(text(i, "cid"), new OrphanedLink(text(i, "cid"), ReorgReason.fromWire(text(i, "orphanReason")),
                        text(i, "orphanedAt"))));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            return out;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("orphanedLinks", e);
        }
    }

    @Override
    public TokenPage tokenPage(TokenRef token, Optional<String> after, int limit) {
        String pk = tokenKeys.partitionKey(token);
        try {
            var r = dynamo.query(q -> {
                q.tableName(table).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).limit(limit + 1);
                after.ifPresent(sk -> q.exclusiveStartKey(TableKeys.key(pk, sk)));
            });
            // One item more than the page: DynamoDB hands back a last key whenever the limit is reached, more or not.
            List<Map<String, AttributeValue>> page = r.items().subList(0, Math.min(limit, r.items().size()));
            List<TokenItem> items = page.stream().map(DynamoDbStatusQueries::tokenItem).flatMap(Optional::stream).toList();
            return new TokenPage(items, r.items().size() <= limit ? Optional.empty() : Optional.of(page.get(limit - 1).get(LedgerTable.SK).s()));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("tokenPage", e);
        }
    }

    /** A token partition's item, typed: a CID link or a refused mint (an item of another kind is left out). */
    static Optional<TokenItem> tokenItem(Map<String, AttributeValue> item) {
        String sk = item.get(LedgerTable.SK).s();
        if (sk.startsWith(TableKeys.CID_PREFIX)) {
            return Optional.of(new TokenItem.Content(tokenCid(item), metadataRead(item)));
        }
        if (sk.startsWith(TableKeys.REJECTED_SK_PREFIX)) {
            return Optional.of(new TokenItem.Rejected(text(item, "kind"), text(item, "reason"), text(item, "at")));
        }
        return Optional.empty();
    }

    /** The deep pinning attributes of a metadata link; empty when its metadata was never queued for reading. */
    static Optional<MetadataRead> metadataRead(Map<String, AttributeValue> link) {
        String deep = text(link, "deep");
        if (deep.isEmpty()) {
            return Optional.empty();
        }
        List<UnpinnedReference> unpinned = new ArrayList<>();
        AttributeValue refs = link.get("deepRefs");
        if (refs != null && refs.hasL()) {
            for (AttributeValue ref : refs.l()) {
                Map<String, AttributeValue> m = ref.m();
                if (!m.containsKey("cid")) { // a reference with a CID is pinned: a content link of its own
                    unpinned.add(new UnpinnedReference(text(m, "field"), text(m, "uri"), text(m, "note")));
                }
            }
        }
        return Optional.of(new MetadataRead(deep, text(link, "deepReason"), text(link, "deepError"), unpinned));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }
}
