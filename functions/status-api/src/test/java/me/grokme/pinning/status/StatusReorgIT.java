package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DerivedPin;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.ReorgReason;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.sweep.SweepService;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: mints from blocks a reorganisation replaced stayed live with no flag, and a token listed both its orphaned and
 * its canonical CID as pinned. The token and CID lookups and the dashboard over a real sweep's data on DynamoDB Local.
 */
class StatusReorgIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private final Cid orphanedMeta = TestCids.raw(1);
    private final Cid image = TestCids.raw(2);
    private final Cid canonical = TestCids.raw(3);
    private final Cid shared = TestCids.raw(4);
    private ClusterSimulator sim;
    private StatusHttp http;
    private SweepService sweep;
    private DynamoDbLedger ledger;

    @BeforeEach
    void setUp() {
        sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock).withPinDelay(Duration.ofSeconds(10)));
        String table = DynamoDbLocal.newLedgerTable();
        http = StatusApp.build(StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "ORPHAN_RELEASE_GRACE", "6h")), DynamoDbLocal.client(),
                clock);
        OkHttpClusterClient client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)),
                new OkHttpClient(), d -> { });
        sweep = HealthSweepApp.build(SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString())),
                DynamoDbLocal.client(), client, clock, new PrintStream(new ByteArrayOutputStream()));
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private static LogKey log(int i) {
        return new LogKey(1, "0x" + String.format("%064x", i), 0);
    }

    private void mint(int log, String token, Cid cid, long block) {
        ledger.recordMint(new MintRecord(log(log), token, cid.toString(), "genesis", 3, 5, block, "0x" + "ee".repeat(32), "alchemy"));
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        String[] p = pathAndQuery.split("\\?", 2);
        StatusHttp.Response r = http.handle(p.length == 2 ? new StatusHttp.Request("GET", p[0], p[1], Map.of())
                : new StatusHttp.Request("GET", p[0], Map.of()));
        assertEquals(200, r.status(), new String(r.body()));
        return json.readTree(r.body());
    }

    private static Map<String, JsonNode> byCid(JsonNode list) {
        Map<String, JsonNode> out = new HashMap<>();
        list.forEach(c -> out.put(c.get("cid").asText(), c));
        return out;
    }

    /**
     * Token 1 was minted with a metadata document (and its image) in a block a deep reorg replaced, then on the canonical
     * chain with other content at an earlier block; token 2's mint of a CID token 3 shares was reported removed.
     */
    private void orphanedMints() {
        mint(1, "1", orphanedMeta, 120);
        ledger.recordDerived(new DerivedPin("1", image.toString(), orphanedMeta.toString(), "image", "genesis", 3, 5));
        mint(2, "1", canonical, 110);
        mint(3, "2", shared, 121);
        mint(4, "3", shared, 122);
        sweep.run("submit");
        clock.advance(Duration.ofSeconds(11));
        sweep.run("confirm");
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        ledger.recordReorged(log(3), "alchemy");
    }

    @Test
    void aTokensOrphanedMintIsFlaggedWithItsReasonAndNotShownAsPinned() throws Exception {
        orphanedMints();
        Map<String, JsonNode> v1 = byCid(get("/status/tokens/1").get("cids"));
        JsonNode meta = v1.get(orphanedMeta.toString());
        assertTrue(meta.get("orphaned").asBoolean());
        assertEquals("orphaned", meta.get("status").asText());
        assertEquals("deep_reorg", meta.get("orphan_reason").asText());
        assertTrue(meta.get("reason").asText().startsWith("deep reorg"), meta.toString());
        assertEquals("pinned", meta.get("content_status").asText(), "the content itself is still pinned, until its release");
        assertEquals("previous", meta.get("uri").asText(), "an orphaned token URI is never the current one");
        assertTrue(v1.get(image.toString()).get("orphaned").asBoolean(), "the image only the orphaned metadata referenced");
        JsonNode live = v1.get(canonical.toString());
        assertFalse(live.get("orphaned").asBoolean());
        assertEquals("pinned", live.get("status").asText());
        assertEquals("current", live.get("uri").asText());

        JsonNode v2page = get("/status/tokens/1?v=2");
        assertEquals(List.of(), StatusCapsulesIT.tokenSchema().validate(v2page), "valid against token-v2.json");
        Map<String, JsonNode> v2 = byCid(v2page.get("references"));
        assertEquals("orphaned", v2.get(orphanedMeta.toString()).get("state").asText());
        assertEquals("pinned", v2.get(canonical.toString()).get("state").asText());

        JsonNode removed = get("/status/tokens/2").get("cids").get(0);
        assertEquals("removed_by_provider", removed.get("orphan_reason").asText(), "a removed: true delivery shows the same way");
        assertFalse(get("/status/tokens/3").get("cids").get(0).get("orphaned").asBoolean());
    }

    @Test
    void theCidLookupSaysWhenContentHeldOnlyByOrphanedMintsIsReleasedAndThatItWas() throws Exception {
        orphanedMints();
        JsonNode scheduled = get("/status/cids/" + orphanedMeta);
        assertTrue(scheduled.get("held_only_by_orphaned_mints").asBoolean());
        assertEquals("scheduled", scheduled.get("release").get("state").asText());
        assertEquals(clock.instant().plus(Duration.ofHours(6)).toString(), scheduled.get("release").get("release_after").asText());
        assertFalse(get("/status/cids/" + shared).get("held_only_by_orphaned_mints").asBoolean(), "token 3 still uses it");
        assertFalse(get("/status/cids/" + canonical).get("held_only_by_orphaned_mints").asBoolean());

        // What the pin drain does after the grace (its own tests run it against the cluster).
        clock.advance(Duration.ofHours(7));
        assertTrue(ledger.beginRelease(ledger.findPin(orphanedMeta.toString()).orElseThrow(), "unused"));
        assertEquals("releasing", get("/status/cids/" + orphanedMeta).get("release").get("state").asText());
        assertTrue(ledger.completeRelease(orphanedMeta.toString(), clock.instant()));
        JsonNode released = get("/status/cids/" + orphanedMeta);
        assertEquals("released", released.get("status").asText());
        assertEquals("released", released.get("release").get("state").asText());
        assertEquals(clock.instant().toString(), released.get("release").get("released_at").asText());
        JsonNode token = get("/status/tokens/1?v=2");
        assertEquals(List.of(), StatusCapsulesIT.tokenSchema().validate(token), "valid against token-v2.json");
        assertEquals("released", byCid(token.get("references")).get(orphanedMeta.toString()).get("content_status").asText());
    }

    @Test
    void theDashboardCountsOrphanedMintsAndReleases() throws Exception {
        orphanedMints();
        ledger.beginRelease(ledger.findPin(orphanedMeta.toString()).orElseThrow(), "unused");
        ledger.completeRelease(orphanedMeta.toString(), clock.instant());
        sweep.run("after");
        JsonNode d = get("/status");
        assertEquals(List.of(), StatusIT.schema().validate(d), "valid against status-v1.json");
        JsonNode reorgs = d.get("reorgs");
        assertEquals(2, reorgs.get("orphaned_mints").asLong());
        assertEquals(1, reorgs.get("deep_reorg").asLong());
        assertEquals(1, reorgs.get("removed_by_provider").asLong());
        assertEquals(1, reorgs.get("awaiting_release").asLong(), "the image, still pinned");
        assertEquals(1, reorgs.get("released").asLong());
        assertEquals(6 * 3600, reorgs.get("release_grace_seconds").asLong());
    }
}
