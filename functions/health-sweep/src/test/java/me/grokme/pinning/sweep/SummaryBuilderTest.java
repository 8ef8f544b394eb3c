package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import me.grokme.pinning.ledger.Backlog;
import org.junit.jupiter.api.Test;

/** The dashboard summary from one sweep's results: no cluster, no table. */
class SummaryBuilderTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T12:00:00Z");
    private final SweepConfig config = SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", "ledger", "CLUSTER_URL", "https://cluster.example"));

    @Test
    void totalsRepairsPeersAndRegionsAreSummedFromTheSweep() throws Exception {
        SweepReport.Completed r = new SweepReport.Completed(true, 4, Map.of(HealthState.HEALTHY, 3L, HealthState.UNDER_REPLICATED, 1L), 1, 1,
                Map.of(RepairKind.REPIN, 1, RepairKind.SUBMIT, 2), 1, 0, Duration.ofMillis(1500), false, Optional.of(new Backlog(1, 0, 2)),
                List.of(new SweepReport.StepFailure("repair", "ClusterApiException: boom", "the cluster did not answer as expected")));
        Map<String, PeerView> peers = new TreeMap<>(Map.of("eu-1", new PeerView("eu-1", "eu", PeerStatus.UP, STARTED, 4, 1000),
                "eu-2", new PeerView("eu-2", "eu", PeerStatus.DOWN, STARTED, 0, 0)));
        long[] histogram = {0, 0, 1, 3, 0, 0, 0, 0};
        JsonNode s = new ObjectMapper().readTree(new SummaryBuilder(config).build(r, STARTED, STARTED.plusSeconds(2), histogram, peers,
                new SummaryBuilder.Recent(List.of(Map.of("at", "t", "cid", "bafy", "kind", "repin", "result", "ok", "detail", "", "requestId", "x")),
                        List.of())));
        assertEquals(3, s.at("/totals/healthy").asInt());
        assertEquals(1, s.at("/totals/under_replicated").asInt());
        assertEquals(2, s.at("/sweep/repairs/submit").asInt());
        assertEquals(1, s.at("/sweep/repairs/repin").asInt());
        assertEquals("the cluster did not answer as expected", s.at("/sweep/failed_steps/0/reason").asText(), "public reasons only");
        assertEquals(2, s.at("/ledger/submitted").asInt());
        assertEquals(2.75, s.at("/average_replication").asDouble());
        assertEquals(2, s.at("/regions/0/peers").asInt());
        assertEquals(1, s.at("/regions/0/peers_up").asInt());
        assertEquals("down", s.at("/peers/1/status").asText());
        assertEquals(false, s.at("/recent_operations/0").has("requestId"), "only the published fields of a row");
    }
}
