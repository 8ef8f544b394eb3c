package me.grokme.pinning.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.availability.AvailabilityStore;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The reads behind the public endpoints: one GetItem for the dashboard, a few for a CID. Read-only. */
public final class StatusReader {

    private final DynamoDbClient dynamo;
    private final String table;

    public StatusReader(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private Optional<Map<String, AttributeValue>> item(String pk, String sk, String op) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                    .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        } catch (SdkException e) {
            throw new LedgerUnavailableException(op, e);
        }
    }

    /** The sweep's precomputed summary JSON. */
    public Optional<String> summary() {
        return item("SUMMARY", "CURRENT", "summary").map(i -> i.get("body").s());
    }

    /** The sweep's last observation of a CID. */
    public Optional<Map<String, AttributeValue>> health(String cid) {
        return item("CID#" + cid, "HEALTH", "health");
    }

    /** The sweep's precomputed availability view (incidents, uptime, durability, histories), one item. */
    public Optional<String> availability() {
        return item("AVAIL", "CURRENT", "availability").map(i -> AvailabilityStore.gunzip(i.get("body").b().asByteArray()));
    }

    /** The retrieval probes' record of a CID. */
    public Optional<Map<String, AttributeValue>> probe(String cid) {
        return item("CID#" + cid, "PROBE", "probe");
    }

    /** The ledger's pin request for a CID. */
    public Optional<Map<String, AttributeValue>> request(String cid) {
        return item("CID#" + cid, "PIN", "request");
    }

    /** The CID's pin operations, newest first. */
    public List<Map<String, AttributeValue>> history(String cid, int limit) {
        try {
            return dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :op)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CID#" + cid), ":op", AttributeValue.fromS("OP#")))
                    .scanIndexForward(false).limit(limit)).items();
        } catch (SdkException e) {
            throw new LedgerUnavailableException("history", e);
        }
    }

    /**
     * A CID linked to a token, and what it is to the token: {@code token_uri}, or the metadata field it came
     * from; {@code path} is where the token's file sits inside it ({@code /42.json}), or "". {@code uriAt} is where
     * on chain a token URI link was set (block and log index, sortable; "" on links older than it), {@code via}
     * the metadata CID a referenced CID was found through ("" for a token URI link).
     */
    public record TokenCid(String cid, String role, String path, String uriAt, String via) {

        public boolean tokenUri() {
            return role.equals("token_uri");
        }
    }

    /** The first {@code limit} CIDs recorded for a token (schema v1): its token URI's, and with deep pinning those its metadata references. */
    public List<TokenCid> cidsForToken(String tokenId, int limit) {
        try {
            List<TokenCid> out = new ArrayList<>();
            dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :cid)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TOKEN#" + tokenId), ":cid", AttributeValue.fromS("CID#")))
                    .limit(limit))
                    .items().forEach(i -> out.add(tokenCid(i)));
            return out;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("cidsForToken", e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    static TokenCid tokenCid(Map<String, AttributeValue> i) {
        // Links written before deep pinning, or with it off, carry no role: they are the token URI's CID.
        String r = text(i, "role").isEmpty() || text(i, "role").equals("metadata") ? "token_uri" : text(i, "role");
        return new TokenCid(i.get("cid").s(), r, text(i, "path"), text(i, "uriAt"), text(i, "via"));
    }

    /** One page of a token's items, in sort-key order, and the sort key to continue after when there are more. */
    public record TokenPage(List<Map<String, AttributeValue>> items, Optional<String> lastKey) {
    }

    /** Every item of a token (CID links, rejected token URIs), {@code limit} at a time, after the sort key {@code after}; one Query. */
    public TokenPage tokenPage(String tokenId, Optional<String> after, int limit) {
        try {
            var r = dynamo.query(q -> {
                q.tableName(table).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TOKEN#" + tokenId))).limit(limit + 1);
                after.ifPresent(sk -> q.exclusiveStartKey(Map.of("PK", AttributeValue.fromS("TOKEN#" + tokenId), "SK", AttributeValue.fromS(sk))));
            });
            // One item more than the page: DynamoDB hands back a last key whenever the limit is reached, more or not.
            if (r.items().size() <= limit) {
                return new TokenPage(r.items(), Optional.empty());
            }
            List<Map<String, AttributeValue>> page = r.items().subList(0, limit);
            return new TokenPage(page, Optional.of(page.get(limit - 1).get("SK").s()));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("tokenPage", e);
        }
    }
}
