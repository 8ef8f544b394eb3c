package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.RetrievalRecord;
import me.grokme.pinning.ledger.RetrievalRecordCodec;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.sweep.SweepService;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Incidents, uptime bars, durability and retrieval proof on the status endpoints, from real sweeps of the simulator
 * (simulated time) into DynamoDB Local.
 */
class StatusAvailabilityIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;
    private StatusHttp http;
    private SweepService sweep;
    private String table;

    private void start(int peers, Duration interval) {
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(peers).withClock(clock).withPinDelay(Duration.ofSeconds(10)));
        table = DynamoDbLocal.newLedgerTable();
        StatusConfig config = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", table));
        http = new StatusHttp(new StatusService(new StatusReader(DynamoDbLocal.client(), table), config, clock), config);
        OkHttpClusterClient client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)),
                new OkHttpClient(), d -> { });
        sweep = HealthSweepApp.build(SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString(),
                "SWEEP_INTERVAL", interval.toSeconds() + "s")), DynamoDbLocal.client(), client, clock, new PrintStream(new ByteArrayOutputStream()));
        DynamoDbLedger ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "11".repeat(32), 0), "1", TestCids.raw(1).toString(), "genesis", 2, 5, 101, "", "logs"));
    }

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    private JsonNode get(String path) throws Exception {
        StatusHttp.Response r = http.handle(new StatusHttp.Request("GET", path, Map.of()));
        assertEquals(200, r.status(), new String(r.body()));
        return json.readTree(r.body());
    }

    private void sweepEvery(Duration step, int times) {
        for (int i = 0; i < times; i++) {
            clock.advance(step);
            sweep.run("t" + i);
        }
    }

    private static JsonNode named(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError(id + " not in " + array);
    }

    @Test
    void aPeerDownForAWhileThenBackIsOneResolvedIncidentAndItsBarShowsTheDowntime() throws Exception {
        start(6, Duration.ofMinutes(5));
        sweepEvery(Duration.ofMinutes(5), 3);
        Instant lastSeenUp = clock.instant();
        sim.peerDown("us-1");
        sweepEvery(Duration.ofMinutes(5), 6);
        JsonNode during = get("/status");
        assertEquals(List.of(), StatusIT.schema().validate(during));
        assertEquals(1, during.get("incidents").size(), during.get("incidents").toString());
        JsonNode open = during.get("incidents").get(0);
        assertEquals("investigating", open.get("status").asText());
        assertTrue(open.get("resolved_at").isNull());
        sim.peerUp("us-1");
        sweepEvery(Duration.ofMinutes(5), 1);
        Instant firstSeenUp = clock.instant();
        sweepEvery(Duration.ofMinutes(5), 2);

        JsonNode d = get("/status");
        assertEquals(List.of(), StatusIT.schema().validate(d));
        assertEquals(1, d.get("incidents").size(), d.get("incidents").toString());
        JsonNode incident = d.get("incidents").get(0);
        assertEquals("Node us-1 unreachable", incident.get("name").asText());
        assertEquals("resolved", incident.get("status").asText());
        assertEquals("minor", incident.get("impact").asText(), "us-2 kept the region up");
        assertEquals(lastSeenUp.toString(), incident.get("created_at").asText());
        assertEquals(firstSeenUp.toString(), incident.get("resolved_at").asText());
        assertEquals("peer-us-1", incident.get("components").get(0).get("id").asText());
        assertEquals("resolved", incident.get("incident_updates").get(0).get("status").asText());

        long down = Duration.between(lastSeenUp, firstSeenUp).toSeconds();
        JsonNode today = last(named(d.get("uptime").get("nodes"), "peer-us-1").get("days"));
        assertEquals("2026-11-24", today.get("date").asText());
        assertEquals(down, today.get("down_seconds").asLong());
        assertTrue(today.get("up_pct").asDouble() < 100, today.toString());
        JsonNode yesterday = named(d.get("uptime").get("nodes"), "peer-us-1").get("days").get(88);
        assertTrue(yesterday.get("up_pct").isNull(), "no data the day before the first sweep: " + yesterday);
        assertEquals(100.0, last(named(d.get("uptime").get("regions"), "region-US".replace("US", "us")).get("days")).get("up_pct").asDouble(),
                "the region stayed up through us-2");
        assertEquals(100.0, last(named(d.get("uptime").get("nodes"), "peer-eu-1").get("days")).get("up_pct").asDouble());
        assertEquals("not_enough_history", named(d.get("uptime").get("nodes"), "peer-us-1").get("last_30d").get("state").asText());
        assertEquals("not_enough_history", d.get("durability").get("one_copy_per_region").get("state").asText());
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    @Test
    void aRegionOfOneNodeDownIsOneMajorIncident() throws Exception {
        start(3, Duration.ofMinutes(5));
        sweepEvery(Duration.ofMinutes(5), 2);
        sim.peerDown("asia-1");
        sweepEvery(Duration.ofMinutes(5), 2);
        JsonNode d = get("/status");
        assertEquals(List.of(), StatusIT.schema().validate(d));
        assertEquals(1, d.get("incidents").size(), d.get("incidents").toString());
        JsonNode incident = d.get("incidents").get(0);
        assertEquals("Region ASIA down", incident.get("name").asText());
        assertEquals("major", incident.get("impact").asText());
        assertEquals("investigating", incident.get("status").asText());
        assertEquals(0.0, last(named(d.get("uptime").get("regions"), "region-asia").get("days")).get("up_pct").asDouble() , 50.0);
    }

    @Test
    void aCidsDurabilityIsNotEnoughHistoryUntilAWeekWasObservedThenAnEstimate() throws Exception {
        Duration interval = Duration.ofHours(6);
        start(3, interval);
        sweepEvery(Duration.ofSeconds(11), 2);
        String cid = TestCids.raw(1).toString();
        JsonNode early = get("/status/cids/" + cid).get("durability");
        assertEquals("not_enough_history", early.get("state").asText());
        assertTrue(early.get("reason").asText().contains("an estimate needs 7"), early.toString());

        sweepEvery(interval, 8);
        sim.peerDown("us-1");
        sweepEvery(interval, 2);
        sim.peerUp("us-1");
        sweepEvery(interval, 24);
        JsonNode c = get("/status/cids/" + cid);
        JsonNode e = c.get("durability");
        assertEquals("estimated", e.get("state").asText(), e.toString());
        assertTrue(e.get("upper_bound").asBoolean(), "eu-1 and asia-1 had no outage: an upper bound");
        double p = e.get("all_copies_unavailable_probability").asDouble();
        assertTrue(p > 0 && p < 1, e.toString());
        assertTrue(e.get("expected_years_to_loss").asDouble() > 0, e.toString());
        assertEquals(3, e.get("copies").size());
        JsonNode d = get("/status");
        JsonNode us = named(d.get("uptime").get("nodes"), "peer-us-1").get("last_30d");
        assertEquals("measured", us.get("state").asText(), us.toString());
        assertEquals(1, us.get("outages").asInt());
        assertEquals("estimated", d.get("durability").get("one_copy_per_region").get("state").asText());
        assertEquals(List.of(), StatusIT.schema().validate(d));
    }

    @Test
    void aCidShowsWhichRegionsProvedTheyServeItAndWhen() throws Exception {
        start(3, Duration.ofMinutes(5));
        sweepEvery(Duration.ofSeconds(11), 2);
        String cid = TestCids.raw(1).toString();
        assertEquals("not_probed_yet", get("/status/cids/" + cid).get("retrieval").get("state").asText());
        Instant at = clock.instant();
        Map<String, RetrievalRecord.RegionCheck> regions = Map.of(
                "eu", new RetrievalRecord.RegionCheck(at, RetrievalRecord.Result.VERIFIED, "", Optional.of(at), 0, true),
                "us", new RetrievalRecord.RegionCheck(at, RetrievalRecord.Result.VERIFIED, "", Optional.of(at), 0, false),
                "asia", new RetrievalRecord.RegionCheck(at, RetrievalRecord.Result.FAILED, "NOT_LOCAL", Optional.empty(), 1, false));
        DynamoDbLocal.client().putItem(p -> p.tableName(table).item(RetrievalRecordCodec.toItem(
                new RetrievalRecord(cid, at, Optional.empty(), regions, List.of(new RetrievalRecord.Failure(at, "asia", "NOT_LOCAL", "secret detail"))))));
        JsonNode r = get("/status/tokens/1").get("cids").get(0).get("retrieval");
        assertEquals("failing", r.get("state").asText());
        assertEquals("verified", named(r.get("regions"), "eu", "region").get("result").asText());
        assertEquals(at.toString(), named(r.get("regions"), "us", "region").get("verified_at").asText());
        assertEquals("failed", named(r.get("regions"), "asia", "region").get("result").asText());
        assertTrue(r.get("verified_at").isNull());
        assertTrue(!r.toString().contains("secret detail") && !r.toString().contains("NOT_LOCAL"), "no failure text in public: " + r);
    }

    private static JsonNode named(JsonNode array, String value, String field) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError(value + " not in " + array);
    }
}
