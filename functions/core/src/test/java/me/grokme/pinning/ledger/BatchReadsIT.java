package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FailingDynamoDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Batched reads on DynamoDB Local, including keys DynamoDB hands back unprocessed. */
class BatchReadsIT {

    private final FailingDynamoDb dynamo = new FailingDynamoDb(DynamoDbLocal.client());
    /** The backoff waits BatchReads asked for (recorded, not slept). */
    private final List<Duration> waits = new ArrayList<>();
    private String table;

    @BeforeEach
    void setUp() {
        table = DynamoDbLocal.newLedgerTable();
    }

    private static Map<String, AttributeValue> key(int i) {
        return Map.of(LedgerTable.PK, AttributeValue.fromS("ITEM#" + i), LedgerTable.SK, AttributeValue.fromS("X"));
    }

    /** Writes items 0..n-1 and returns their keys in a shuffled order, with three keys of absent items mixed in. */
    private List<Map<String, AttributeValue>> shuffledKeysOf(int n) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> item = new HashMap<>(key(i));
            item.put("n", AttributeValue.fromN(Integer.toString(i)));
            DynamoDbLocal.client().putItem(p -> p.tableName(table).item(item));
            keys.add(key(i));
        }
        keys.addAll(List.of(key(n), key(n + 1), key(n + 2)));
        Collections.shuffle(keys, new Random(7));
        return keys;
    }

    private static List<String> pks(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get(LedgerTable.PK).s()).toList();
    }

    @Test
    void manyKeysComeBackInTheAskedOrderWithoutTheAbsentOnes() {
        List<Map<String, AttributeValue>> keys = shuffledKeysOf(250);
        List<Map<String, AttributeValue>> items = BatchReads.getAll(dynamo, table, keys, "test", waits::add);
        List<String> expected = pks(keys).stream().filter(pk -> Integer.parseInt(pk.substring(5)) < 250).toList();
        assertEquals(expected, pks(items));
        assertEquals(3, dynamo.batchGets(), "100 keys a call");
        assertTrue(waits.isEmpty(), "nothing left unprocessed, nothing waited");
        items.forEach(i -> assertEquals(i.get(LedgerTable.PK).s(), "ITEM#" + i.get("n").n(), "each key's own item"));
    }

    @Test
    void unprocessedKeysAreAskedAgainUntilEveryKeyIsServed() {
        List<Map<String, AttributeValue>> keys = shuffledKeysOf(120);
        dynamo.serveBatchKeys(40);
        List<Map<String, AttributeValue>> items = BatchReads.getAll(dynamo, table, keys, "test", waits::add);
        assertEquals(120, items.size());
        // 123 keys: the first call of 100 is served in 3 rounds (40, 40, 20), the remaining 23 in one.
        assertEquals(4, dynamo.batchGets());
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), waits, "a pause before each repeat, none before a first call");
    }

    @Test
    void keysThatStayUnprocessedMakeTheLedgerUnavailable() {
        List<Map<String, AttributeValue>> keys = shuffledKeysOf(5);
        dynamo.serveBatchKeys(0);
        LedgerUnavailableException e = assertThrows(LedgerUnavailableException.class,
                () -> BatchReads.getAll(dynamo, table, keys, "pendingDue", waits::add));
        assertEquals("ledger pendingDue failed: keys left unprocessed after 5 BatchGetItem calls", e.getMessage());
        assertEquals(5, dynamo.batchGets(), "bounded retries, not a spin");
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), waits,
                "a growing pause before each repeat");
    }
}
