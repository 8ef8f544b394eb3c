package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import me.grokme.pinning.dashboard.ComponentStatus;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.dashboard.DashboardCodec;
import me.grokme.pinning.ledger.Backlog;
import org.junit.jupiter.api.Test;

/** The dashboard from one sweep's results, against the public schema: no cluster, no table. */
class SummaryBuilderTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T12:00:00Z");
    private final SweepConfig config = SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", "ledger", "CLUSTER_URL", "https://cluster.example"));
    private final ObjectMapper json = new ObjectMapper();

    private Dashboard dashboard() {
        SweepReport.Completed r = new SweepReport.Completed(true, 4, Map.of(HealthState.HEALTHY, 3L, HealthState.UNDER_REPLICATED, 1L), 1, 1,
                Map.of(RepairKind.REPIN, 1, RepairKind.SUBMIT, 2), 1, 0, Duration.ofMillis(1500), false, Optional.of(new Backlog(1, 0, 2, 0)),
                List.of(new SweepReport.StepFailure("repair", "ClusterApiException: boom", "the cluster did not answer as expected")));
        Map<String, PeerView> peers = new TreeMap<>(Map.of("eu-1", new PeerView("eu-1", "eu", PeerStatus.UP, STARTED, 4, 1000),
                "eu-2", new PeerView("eu-2", "eu", PeerStatus.DOWN, STARTED, 0, 0), "us-1", new PeerView("us-1", "us", PeerStatus.DEGRADED,
                        STARTED, 3, 0)));
        StatusFindings pass = new StatusFindings(1);
        System.arraycopy(new long[] {0, 0, 1, 3, 0, 0, 0, 0}, 0, pass.pinnedHistogram, 0, 8);
        pass.statesByCapsule.put("frames", new java.util.EnumMap<>(Map.of(HealthState.HEALTHY, 1L, HealthState.UNDER_REPLICATED, 1L)));
        pass.statesByCapsule.put("genesis", new java.util.EnumMap<>(Map.of(HealthState.HEALTHY, 2L)));
        return new SummaryBuilder(config).build(r, STARTED, STARTED.plusSeconds(2), pass, Optional.of(Map.of("orphaned", 1L)), peers,
                new SummaryBuilder.Recent(
                List.of(Map.of("at", "2026-12-01T11:59:00Z", "cid", "bafy", "kind", "repin", "result", "ok", "detail", "", "requestId", "x")),
                List.of(Map.of("at", "2026-12-01T11:58:00Z", "kind", "peer_down", "subject", "eu-2", "detail", "was up (region eu)"))));
    }

    @Test
    void totalsNodesAndRegionsAreRolledUpFromTheSweep() {
        Dashboard d = dashboard();
        assertEquals(3, d.pins().fullyReplicated());
        assertEquals(1, d.pins().underReplicated());
        assertEquals(3, d.pins().notYetSafe(), "pending + deferred + submitted");
        assertEquals(2.75, d.pins().averageReplication());
        assertEquals(new Dashboard.Bucket(7, true, 0), d.pins().replicationHistogram().get(7), "the last bucket is 7 or more");
        assertEquals(List.of("repair"), d.freshness().lastSweep().failedSteps());
        assertEquals(List.of(ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE, ComponentStatus.DEGRADED_PERFORMANCE),
                d.nodes().stream().map(Dashboard.Node::status).toList());
        assertEquals(new Dashboard.Region("region-eu", "EU", ComponentStatus.PARTIAL_OUTAGE, 2, 1, 4, new Dashboard.Storage(1000)),
                d.regions().get(0), "a region with one node up and one down is a partial outage");
        assertEquals(ComponentStatus.DEGRADED_PERFORMANCE, d.regions().get(1).status());
        assertEquals(new Dashboard.Operation("2026-12-01T11:59:00Z", "repin", "bafy", "ok"), d.recentOperations().get(0));
        assertEquals(List.of(new Dashboard.CapsuleTotals("frames", 2, 1, 1, 0, 0, 0, 0), new Dashboard.CapsuleTotals("genesis", 2, 2, 0, 0, 0, 0, 0)),
                d.capsules(), "each capsule's totals beside the global ones, by name");
    }

    @Test
    void whatTheSweepStoresReadsBackAsTheSameDashboard() {
        Dashboard d = dashboard();
        assertEquals(d, DashboardCodec.decode(DashboardCodec.encode(d)));
    }

    /**
     * Every section the sweep writes is validated against the public schema's own definition of that section; only the
     * read-time fields (page, status, components, links, freshness.stale…) are left to the status function's test.
     */
    @Test
    void whatTheSweepWritesIsValidAgainstThePublicSchema() throws Exception {
        ObjectNode written = (ObjectNode) json.readTree(DashboardCodec.encode(dashboard()));
        // Kept with the dashboard for the indicator only; the public document shows pins.in_progress_overdue instead.
        assertTrue(written.remove("in_progress").has("within_grace"));
        ObjectNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/status-v1.json")) {
            schema = (ObjectNode) json.readTree(in);
        }
        schema.set("required", json.valueToTree(List.of("generated_at", "freshness", "pins", "nodes", "regions", "recent_operations",
                "failure_events", "capsules")));
        ((ObjectNode) schema.get("properties").get("freshness")).set("required", json.valueToTree(List.of("last_sweep", "sweep_interval_seconds")));
        schema.put("additionalProperties", false);
        assertEquals(List.of(), SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema).validate(written));
    }
}
