package me.grokme.pinning.availability;

import me.grokme.pinning.ledger.TableKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Availability items in the ledger table (LEDGER.md): {@code AVAIL / HIST#PEER#<name>} and {@code AVAIL /
 * HIST#REPLICATION} hold histories (17 bytes a segment: from, to, up), {@code AVAIL / CURRENT} the precomputed view
 * (gzipped JSON).
 */
public final class AvailabilityStore {

    public static final String PK = TableKeys.AVAIL_PK;
    public static final String REPLICATION = TableKeys.HIST_REPLICATION_SK;
    public static final String PEER = TableKeys.HIST_PEER_PREFIX;
    /** The SK of the precomputed view. */
    public static final String CURRENT = TableKeys.CURRENT_SK;

    private final DynamoDbClient dynamo;
    private final String table;

    public AvailabilityStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Every stored history: the peers' and the replication one, keyed by their SK. */
    public Map<String, History> loadHistories() {
        Map<String, History> out = new HashMap<>();
        try {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse r = dynamo.query(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :h)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PK), ":h", AttributeValue.fromS(TableKeys.HIST_PREFIX)))
                        .exclusiveStartKey(from));
                for (Map<String, AttributeValue> item : r.items()) {
                    out.put(item.get(LedgerTable.SK).s(), new History(item.get("name").s(), item.get("region").s(),
                            decode(item.get("segments").b().asByteArray())));
                }
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
            return out;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("loadHistories", e);
        }
    }

    public void saveHistory(String sk, History h) {
        put(Map.of(LedgerTable.PK, AttributeValue.fromS(PK), LedgerTable.SK, AttributeValue.fromS(sk),
                "name", AttributeValue.fromS(h.name()), "region", AttributeValue.fromS(h.region()),
                "segments", AttributeValue.fromB(SdkBytes.fromByteArray(encode(h.segments())))), "saveHistory");
    }

    /** The view, gzipped: its JSON shrinks about tenfold, and every write and status read is billed by size. */
    public void saveView(String json, String generatedAt) {
        put(Map.of(LedgerTable.PK, AttributeValue.fromS(PK), LedgerTable.SK, AttributeValue.fromS(CURRENT),
                "body", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(json))), "generatedAt", AttributeValue.fromS(generatedAt)), "saveView");
    }

    /** The precomputed view, one GetItem (the status function's read). */
    public Optional<String> loadView() {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                    .key(Map.of(LedgerTable.PK, AttributeValue.fromS(PK), LedgerTable.SK, AttributeValue.fromS(CURRENT)))).item();
            return item == null || !item.containsKey("body") ? Optional.empty() : Optional.of(gunzip(item.get("body").b().asByteArray()));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("loadView", e);
        }
    }

    private void put(Map<String, AttributeValue> item, String op) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(item));
        } catch (SdkException e) {
            throw new LedgerUnavailableException(op, e);
        }
    }

    public static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored availability view is not gzip", e);
        }
    }

    static byte[] encode(List<Segment> segments) {
        ByteBuffer b = ByteBuffer.allocate(segments.size() * 17);
        for (Segment s : segments) {
            b.putLong(s.from()).putLong(s.to()).put((byte) (s.up() ? 1 : 0));
        }
        return b.array();
    }

    static List<Segment> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<Segment> out = new ArrayList<>(bytes.length / 17);
        while (b.remaining() >= 17) {
            out.add(new Segment(b.getLong(), b.getLong(), b.get() == 1));
        }
        return out;
    }
}
