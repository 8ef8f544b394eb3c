package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class HealthRecordTest {

    private static final HealthRecord RECORD = new HealthRecord("bafy", "REGION_POOR", 3, List.of("eu"), Map.of("eu-1", "pinned", "eu-2", "pinned",
            "us-1", "pin_error"), Instant.parse("2026-12-01T12:00:00Z"), 3, 5);

    /** The item as DynamoDB would hold it after the sweep's update. */
    private static Map<String, AttributeValue> stored(HealthRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(TableKeys.health(r.cid()));
        Map<String, String> names = Map.of(":cid", "cid", ":state", "health", ":pinned", "pinnedCount", ":regions", "regions", ":peers", "peers",
                ":now", "lastChange", ":rmin", "rmin", ":rmax", "rmax");
        r.updateValues().forEach((k, v) -> item.put(names.get(k), v));
        return item;
    }

    @Test
    void whatTheSweepWritesTheStatusFunctionReadsBack() {
        assertEquals(Optional.of(RECORD), HealthRecord.fromItem(stored(RECORD)));
        for (String name : List.of("cid", "health", "pinnedCount", "regions", "peers", "lastChange", "rmin", "rmax")) {
            assertEquals(true, RECORD.updateExpression(false).contains(name + " = :"), name + " is written");
        }
    }

    @Test
    void anItemWithOnlyRepairBookkeepingIsNoRecord() {
        Map<String, AttributeValue> item = new HashMap<>(TableKeys.health("bafy"));
        item.put("repairAttempts", AttributeValue.fromN("2"));
        assertEquals(Optional.empty(), HealthRecord.fromItem(item));
    }
}
