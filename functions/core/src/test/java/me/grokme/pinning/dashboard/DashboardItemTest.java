package me.grokme.pinning.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.Test;

class DashboardItemTest {

    private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aStoredDashboardReadsBackEqual() {
        Dashboard d = new Dashboard(AT, new Dashboard.Freshness(new Dashboard.LastSweep(AT, 12, false, 3, List.of("repair")), 300),
                new Dashboard.Pins(3, new Dashboard.Target(3, 5, 2), 2.5, List.of(new Dashboard.Bucket(7, true, 1)), 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1800),
                List.of(new Dashboard.Node("peer-eu-1", "eu-1", "eu", ComponentStatus.DEGRADED_PERFORMANCE, AT, 3, new Dashboard.Storage(0))),
                List.of(), List.of(), List.of(), Map.of("orphaned", 2L),
                new Dashboard.InProgress(1800, List.of(new Dashboard.Bucket(0, false, 1))));
        Map<String, AttributeValue> item = DashboardItem.item(d);
        assertEquals(Optional.of(d), DashboardItem.dashboard(item));
        assertTrue(item.get("dashboard").s().contains("\"status\":\"degraded_performance\""), item.get("dashboard").s());
    }

    @Test
    void anItemOfTheEarlierUntypedFormIsNoDashboardYet() {
        Map<String, AttributeValue> old = Map.of("PK", AttributeValue.fromS("SUMMARY"), "SK", AttributeValue.fromS("CURRENT"),
                "body", AttributeValue.fromS("{\"totals\":{\"healthy\":1}}"));
        assertEquals(Optional.empty(), DashboardItem.dashboard(old));
        assertEquals(Optional.empty(), DashboardItem.dashboard(null));
    }
}
