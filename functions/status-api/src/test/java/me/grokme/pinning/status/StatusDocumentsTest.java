package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.dashboard.ComponentStatus;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.dashboard.DashboardCodec;
import org.junit.jupiter.api.Test;

/** The public dashboard from a stored {@link Dashboard}: no table, no sweep. */
class StatusDocumentsTest {

    private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
    private final StatusDocuments documents = new StatusDocuments(StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", "ledger")));
    private final ObjectMapper json = new ObjectMapper();

    private static Dashboard dashboard(long withoutReplica, ComponentStatus asia) {
        Dashboard.Pins pins = new Dashboard.Pins(10, new Dashboard.Target(3, 5, 2), 2.7, List.of(new Dashboard.Bucket(0, false, withoutReplica),
                new Dashboard.Bucket(3, false, 10 - withoutReplica), new Dashboard.Bucket(7, true, 0)), 10 - withoutReplica, withoutReplica, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 1800);
        List<Dashboard.Node> nodes = List.of(new Dashboard.Node("peer-eu-1", "eu-1", "eu", ComponentStatus.OPERATIONAL, AT, 10,
                new Dashboard.Storage(100)), new Dashboard.Node("peer-asia-1", "asia-1", "asia", asia, AT, 10, new Dashboard.Storage(100)),
                new Dashboard.Node("peer-us-1", "us-1", "us", ComponentStatus.OPERATIONAL, AT, 10, new Dashboard.Storage(100)));
        List<Dashboard.Region> regions = nodes.stream().map(n -> new Dashboard.Region("region-" + n.region(), n.region().toUpperCase(), n.status(),
                1, n.status() == ComponentStatus.OPERATIONAL ? 1 : 0, 10, n.storage())).toList();
        return new Dashboard(AT, new Dashboard.Freshness(new Dashboard.LastSweep(AT.minusSeconds(3), 3000, true, 10, List.of()), 300), pins,
                nodes, regions, List.of(new Dashboard.Operation(AT.toString(), "repin", "bafy", "ok")),
                List.of(new Dashboard.FailureEvent(AT.toString(), "peer_down", "asia-1", "was up (region asia)")), Map.of(),
                Dashboard.InProgress.NONE);
    }

    @Test
    void theDocumentIsValidAgainstTheSchemaAndCarriesTheSweepsSectionsAsTheyAre() throws Exception {
        Dashboard d = dashboard(0, ComponentStatus.OPERATIONAL);
        JsonNode doc = json.readTree(documents.dashboard(d, Optional.empty(), AT.plusSeconds(10)).toString()); // as a client reads it
        assertEquals(List.of(), StatusIT.schema().validate(doc), "valid against status-v1.json");
        JsonNode stored = json.readTree(DashboardCodec.encode(d));
        for (String section : List.of("pins", "nodes", "regions", "recent_operations", "failure_events", "generated_at")) {
            assertEquals(stored.get(section), doc.get(section), section + " is the sweep's, unchanged");
        }
        assertEquals(stored.get("freshness").get("last_sweep"), doc.get("freshness").get("last_sweep"));
        assertEquals("none", doc.get("status").get("indicator").asText());
        assertEquals(6, doc.get("components").size(), "a group per region, each followed by its node");
    }

    @Test
    void dataOlderThanThreeSweepIntervalsIsStaleAndRaisesTheIndicator() {
        JsonNode doc = documents.dashboard(dashboard(0, ComponentStatus.OPERATIONAL), Optional.empty(), AT.plus(Duration.ofMinutes(16)));
        assertTrue(doc.get("freshness").get("stale").asBoolean());
        assertEquals(900, doc.get("freshness").get("stale_after_seconds").asInt());
        assertEquals("minor", doc.get("status").get("indicator").asText());
        assertFalse(documents.dashboard(dashboard(0, ComponentStatus.OPERATIONAL), Optional.empty(), AT.plus(Duration.ofMinutes(14))).get("freshness")
                .get("stale").asBoolean());
    }

    @Test
    void aRegionDownIsMajorAndACidWithoutReplicaIsCritical() {
        assertEquals("major", documents.dashboard(dashboard(0, ComponentStatus.MAJOR_OUTAGE), Optional.empty(), AT).get("status").get("indicator").asText());
        JsonNode critical = documents.dashboard(dashboard(2, ComponentStatus.OPERATIONAL), Optional.empty(), AT).get("status");
        assertEquals("critical", critical.get("indicator").asText());
        assertEquals("2 CID(s) without any replica", critical.get("description").asText());
    }
}
