package me.grokme.pinning.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.clock.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Strongly consistent reads of many items by key with BatchGetItem (100 keys a call), in place of one
 * GetItem per key: a queue read of 200 entries is 2 round trips, not 200.
 */
public final class BatchReads {

    /** BatchGetItem's per-call key limit. */
    private static final int KEYS_PER_CALL = 100;
    /** Calls for one chunk before its unprocessed keys count as "the table is unavailable". */
    private static final int MAX_ROUNDS = 5;

    private BatchReads() {
    }

    /**
     * The items at {@code keys} (PK and SK only), in the order of {@code keys}; keys without an item are left
     * out. Keys DynamoDB leaves unprocessed (throttling) are asked again with a short growing pause.
     *
     * @throws LedgerUnavailableException when the table cannot be read, or still leaves keys unprocessed
     */
    public static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys,
            String operation, Sleeper sleeper) {
        Map<List<String>, Map<String, AttributeValue>> found = new HashMap<>();
        try {
            for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
                Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                        .keys(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL))).consistentRead(true).build());
                for (int round = 0; !request.isEmpty(); round++) {
                    if (round == MAX_ROUNDS) {
                        throw new LedgerUnavailableException(operation, "keys left unprocessed after " + MAX_ROUNDS + " BatchGetItem calls");
                    }
                    if (round > 0) {
                        pause(sleeper, round, operation);
                    }
                    Map<String, KeysAndAttributes> current = request;
                    BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(current));
                    for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                        found.put(identity(item), item);
                    }
                    request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                }
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException(operation, e);
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>(found.size());
        for (Map<String, AttributeValue> key : keys) {
            Map<String, AttributeValue> item = found.get(identity(key));
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<String> identity(Map<String, AttributeValue> item) {
        return List.of(item.get(LedgerTable.PK).s(), item.get(LedgerTable.SK).s());
    }

    /** AWS's advice for unprocessed keys: back off before asking again (50, 100, 200… ms). */
    private static void pause(Sleeper sleeper, int round, String operation) {
        try {
            sleeper.sleep(Duration.ofMillis(25L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException(operation, e);
        }
    }
}
