package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import me.grokme.pinning.ledger.TokenRef;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DerivedPin;
import me.grokme.pinning.ledger.DeepPinResult;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.RejectionKind;
import me.grokme.pinning.ledger.ResolvedReference;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.sweep.SweepService;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status endpoints over data a real sweep wrote to DynamoDB Local from the simulator. */
class StatusIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;
    private String table;
    private StatusHttp http;
    private SweepService sweep;
    private DynamoDbLedger ledger;

    @BeforeEach
    void setUp() {
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(6).withClock(clock).withPinDelay(Duration.ofSeconds(10)));
        table = DynamoDbLocal.newLedgerTable();
        StatusConfig config = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", table));
        http = StatusApp.build(config, DynamoDbLocal.client(), clock);
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

    private static Cid cid(int i) {
        return TestCids.raw(i);
    }

    private void mintAndSweep(int n) {
        for (int i = 1; i <= n; i++) {
            ledger.recordMint(new MintRecord(new LogKey(1, "0x" + String.format("%064x", i), 0), Integer.toString(i), cid(i).toString(),
                    "genesis", 3, 5, 100 + i, "", "logs"));
        }
        sweep.run("submit");
        clock.advance(Duration.ofSeconds(11));
        sweep.run("confirm");
    }

    private StatusHttp.Response get(String path, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return http.handle(new StatusHttp.Request("GET", path, h));
    }

    private JsonNode body(StatusHttp.Response r) throws Exception {
        return json.readTree(r.body());
    }

    static Schema schema() throws Exception {
        try (InputStream in = StatusIT.class.getResourceAsStream("/schema/status-v1.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void beforeTheFirstSweepTheDashboardIsNotReady() throws Exception {
        StatusHttp.Response r = get("/status");
        assertEquals(503, r.status());
        assertEquals("60", r.headers().get("retry-after"));
        assertEquals("NOT_READY", body(r).get("error").get("reason").asText());
    }

    @Test
    void theDashboardMatchesTheSchemaAndTheClusterAndLeaksNothing() throws Exception {
        mintAndSweep(5);
        StatusHttp.Response r = get("/status");
        assertEquals(200, r.status());
        JsonNode d = body(r);
        assertEquals(List.of(), schema().validate(d), "valid against status-v1.json");
        assertEquals(5, d.get("pins").get("total_cids").asInt());
        assertEquals(5, d.get("pins").get("fully_replicated").asInt());
        assertEquals("none", d.get("status").get("indicator").asText());
        assertEquals(6, d.get("nodes").size());
        assertEquals(3, d.get("regions").size());
        assertFalse(d.get("freshness").get("stale").asBoolean());
        assertTrue(d.get("recent_operations").size() >= 5);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertFalse(text.contains("12D3KooW"), "no peer ids");
        assertFalse(text.contains("/ip4/") || text.contains("192.0.2."), "no addresses");
        assertEquals("application/json; charset=utf-8", r.headers().get("content-type"));
        assertEquals("public, max-age=30", r.headers().get("cache-control"));
    }

    @Test
    void aDeadPeerShowsAsAnOutageAndTheIndicatorRises() throws Exception {
        mintAndSweep(3);
        sim.peerDown("us-1");
        clock.advance(Duration.ofMinutes(1));
        sweep.run("after");
        JsonNode d = body(get("/status"));
        assertEquals(List.of(), schema().validate(d));
        JsonNode node = null;
        for (JsonNode n : d.get("nodes")) {
            if (n.get("name").asText().equals("us-1")) {
                node = n;
            }
        }
        assertEquals("major_outage", node.get("status").asText());
        for (JsonNode reg : d.get("regions")) {
            if (reg.get("name").asText().equals("US")) {
                assertEquals("partial_outage", reg.get("status").asText(), "us-2 still up");
            }
        }
        assertNotEquals("none", d.get("status").get("indicator").asText());
        assertTrue(d.get("failure_events").toString().contains("peer_down"));
    }

    @Test
    void aSweepStepThatFailedIsShownAndTheDashboardIsStillServed() throws Exception {
        mintAndSweep(2);
        assertEquals(0, body(get("/status")).get("freshness").get("last_sweep").get("failed_steps").size());
        clock.advance(Duration.ofMinutes(5));
        sim.failNext(1, 500, "/monitor/metrics/ping");
        sweep.run("metrics-fail");
        JsonNode d = body(get("/status"));
        assertEquals(List.of(), schema().validate(d));
        assertEquals("observe_peers", d.get("freshness").get("last_sweep").get("failed_steps").get(0).asText());
        assertEquals("minor", d.get("status").get("indicator").asText());
        assertEquals("The last health sweep could not finish every step", d.get("status").get("description").asText());
        assertTrue(d.get("failure_events").toString().contains("sweep_step_failed"));
    }

    private void mint(int i) {
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + String.format("%064x", i), 0), Integer.toString(i), cid(i).toString(),
                "genesis", 3, 5, 100 + i, "", "logs"));
    }

    @Test
    void pinsTheClusterHasNotTakenAreCountedAsNotYetSafeAndNothingClaimsFullReplication() throws Exception {
        // Issue 13 #10: three healthy CIDs and two deferred pins read "All content fully replicated".
        mintAndSweep(3);
        assertEquals("All content fully replicated", body(get("/status")).get("status").get("description").asText());
        mint(10);
        mint(11);
        clock.advance(Duration.ofMinutes(5));
        sim.failNext(2, 503, "/pins/ipfs/"); // the cluster is down: the sweep's first submission fails and it stops there
        sweep.run("cluster-refuses");

        JsonNode d = body(get("/status"));
        assertEquals(List.of(), schema().validate(d));
        JsonNode pins = d.get("pins");
        assertEquals(3, pins.get("fully_replicated").asInt());
        assertEquals(1, pins.get("deferred").asInt(), pins.toString());
        assertEquals(1, pins.get("pending").asInt(), "not attempted: one failed call per sweep during an outage");
        assertEquals(0, pins.get("failed").asInt());
        assertEquals(2, pins.get("not_yet_safe").asInt());
        assertEquals("minor", d.get("status").get("indicator").asText());
        assertEquals("2 pin(s) waiting for the cluster to take them", d.get("status").get("description").asText());
    }

    @Test
    void pinsSubmittedButNotConfirmedAreShownAsStillReplicating() throws Exception {
        mintAndSweep(3);
        mint(20);
        mint(21);
        clock.advance(Duration.ofMinutes(5));
        sweep.run("submit-only"); // the cluster takes both; their replication is confirmed by a later sweep

        JsonNode d = body(get("/status"));
        assertEquals(List.of(), schema().validate(d));
        assertEquals(2, d.get("pins").get("submitted").asInt());
        assertEquals(2, d.get("pins").get("not_yet_safe").asInt());
        assertEquals("none", d.get("status").get("indicator").asText(), "replicating new pins is normal operation");
        assertEquals("2 new pin(s) still replicating; everything else fully replicated", d.get("status").get("description").asText());
        clock.advance(Duration.ofSeconds(11));
        sweep.run("confirm");
        JsonNode later = body(get("/status"));
        assertEquals(0, later.get("pins").get("not_yet_safe").asInt());
        assertEquals("All content fully replicated", later.get("status").get("description").asText());
    }

    @Test
    void aFreshPinStillPinningOnItsPeersIsInProgressNotCriticalUntilItsGracePeriodEnds() throws Exception {
        // Issue 14: a sweep inside the cluster's pin delay turned the page "critical: 1 CID(s) without any replica".
        SweepService shortGrace = HealthSweepApp.build(SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CLUSTER_URL",
                sim.baseUrl().toString(), "IN_PROGRESS_GRACE", "5s")), DynamoDbLocal.client(), new OkHttpClusterClient(
                new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)), new OkHttpClient(), d -> { }),
                clock, new PrintStream(new ByteArrayOutputStream()));
        mintAndSweep(3);
        mint(30);
        shortGrace.run("submit"); // the cluster takes it; its peers pin for 10 s
        clock.advance(Duration.ofSeconds(2));
        shortGrace.run("observe");

        JsonNode d = body(get("/status"));
        assertEquals("none", d.get("status").get("indicator").asText(), d.get("status").toString());
        assertEquals(List.of(), schema().validate(d));
        JsonNode pins = d.get("pins");
        assertEquals(1, pins.get("in_progress").asInt(), pins.toString());
        assertEquals(0, pins.get("in_progress_overdue").asInt());
        assertEquals(5, pins.get("in_progress_grace_seconds").asInt());
        assertTrue(d.get("status").get("description").asText().contains("still replicating"), d.get("status").toString());

        clock.advance(Duration.ofSeconds(5)); // 7 s after the pin: past the grace period, still pinning
        shortGrace.run("overdue");
        JsonNode late = body(get("/status"));
        assertEquals(1, late.get("pins").get("in_progress_overdue").asInt(), late.get("pins").toString());
        assertEquals("critical", late.get("status").get("indicator").asText());
        assertEquals("1 CID(s) without any replica", late.get("status").get("description").asText());
    }

    @Test
    void oldDataIsFlaggedStaleAtReadTime() throws Exception {
        mintAndSweep(1);
        clock.advance(Duration.ofMinutes(16));
        JsonNode d = body(get("/status"));
        assertTrue(d.get("freshness").get("stale").asBoolean());
        assertEquals("minor", d.get("status").get("indicator").asText());
        assertEquals("Status data is stale", d.get("status").get("description").asText());
    }

    @Test
    void etagsAnswer304AndChangeWhenTheDataChanges() throws Exception {
        mintAndSweep(2);
        StatusHttp.Response first = get("/status");
        String etag = first.headers().get("etag");
        StatusHttp.Response again = get("/status", "if-none-match", etag);
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        clock.advance(Duration.ofMinutes(16)); // stale flips: a different document
        assertEquals(200, get("/status", "if-none-match", etag).status());
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        mintAndSweep(2);
        StatusHttp.Response plain = get("/status");
        StatusHttp.Response zipped = get("/status", "accept-encoding", "br, gzip;q=0.8");
        assertEquals("gzip", zipped.headers().get("content-encoding"));
        assertTrue(zipped.body().length < plain.body().length);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertEquals(new String(plain.body(), StandardCharsets.UTF_8), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(null, get("/status", "accept-encoding", "gzip;q=0").headers().get("content-encoding"));
    }

    @Test
    void theGzipAndThePlainDocumentHaveDifferentEtagsEachValidatingOnlyItself() {
        mintAndSweep(2);
        StatusHttp.Response plain = get("/status");
        StatusHttp.Response zipped = get("/status", "accept-encoding", "gzip");
        String plainTag = plain.headers().get("etag");
        String zippedTag = zipped.headers().get("etag");
        assertEquals("gzip", zipped.headers().get("content-encoding"));
        assertNotEquals(plainTag, zippedTag, "different bytes, different strong validators (RFC 9110 8.8.3.3)");
        assertTrue(plain.headers().get("vary").contains("Accept-Encoding"));
        assertEquals(304, get("/status", "accept-encoding", "gzip", "if-none-match", zippedTag).status());
        assertEquals(304, get("/status", "if-none-match", "W/" + plainTag).status(), "If-None-Match compares weakly");
        assertEquals(200, get("/status", "accept-encoding", "gzip", "if-none-match", plainTag).status());
        assertEquals(200, get("/status", "if-none-match", zippedTag).status());
        StatusHttp.Response head = http.handle(new StatusHttp.Request("HEAD", "/status", Map.of("accept-encoding", "gzip")));
        assertEquals(zippedTag, head.headers().get("etag"), "HEAD describes what GET would send");
        assertEquals("gzip", head.headers().get("content-encoding"));
        assertEquals(0, head.body().length);
    }

    @Test
    void corsOnlyForConfiguredOrigins() {
        mintAndSweep(1);
        assertEquals("https://status.grokme.me", get("/status", "origin", "https://status.grokme.me").headers()
                .get("access-control-allow-origin"));
        assertEquals(null, get("/status", "origin", "https://evil.example").headers().get("access-control-allow-origin"));
        StatusHttp.Response preflight = http.handle(new StatusHttp.Request("OPTIONS", "/status", Map.of("origin", "https://status.grokme.me")));
        assertEquals(204, preflight.status());
        assertEquals("GET, HEAD, OPTIONS", preflight.headers().get("access-control-allow-methods"));
    }

    @Test
    void aCidAndATokenAreLookedUpWithPeerNamesAndHistory() throws Exception {
        mintAndSweep(3);
        JsonNode c = body(get("/status/cids/" + cid(2)));
        assertEquals("pinned", c.get("status").asText());
        assertEquals(List.of("2"), List.of(c.get("token_ids").get(0).asText()));
        assertEquals(5, c.get("replication").get("pinned").asInt(), "replication 3..5 on six peers: five replicas");
        assertEquals(3, c.get("replication").get("target_min").asInt());
        assertEquals(List.of("asia", "eu", "us"), List.of(c.get("replication").get("regions").get(0).asText(),
                c.get("replication").get("regions").get(1).asText(), c.get("replication").get("regions").get(2).asText()));
        assertEquals("healthy", c.get("replication").get("state").asText());
        assertEquals(5, c.get("peers").size());
        c.get("peers").forEach(p -> assertTrue(p.get("name").asText().matches("(eu|us|asia)-[12]"), p.toString()));
        assertTrue(c.get("history").toString().contains("submit"));
        assertFalse(c.toString().contains("12D3KooW"));
        JsonNode base36 = body(get("/status/cids/" + cid(2).toBase36()));
        assertEquals(cid(2).toString(), base36.get("cid").asText(), "any multibase form finds the CID");
        JsonNode t = body(get("/status/tokens/3"));
        assertEquals(cid(3).toString(), t.get("cids").get(0).get("cid").asText());
        assertEquals("token_uri", t.get("cids").get(0).get("role").asText());
        // With deep pinning, the CIDs the metadata references are listed with the field they came from.
        ledger.recordDerived(new DerivedPin("3", cid(1003).toString(), cid(3).toString(), "image", "genesis", 3, 5));
        JsonNode deep = body(get("/status/tokens/3"));
        assertEquals(2, deep.get("cids").size());
        Map<String, String> roles = new HashMap<>();
        deep.get("cids").forEach(link -> roles.put(link.get("cid").asText(), link.get("role").asText()));
        assertEquals(Map.of(cid(3).toString(), "token_uri", cid(1003).toString(), "image"), roles);
    }

    @Test
    void eitherFormOfOneContentFindsItsRequest() throws Exception {
        Cid content = TestCids.dagPb(41);
        Cid v0 = content.toV0().orElseThrow();
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "41".repeat(32), 0), "41", content.toString(), "genesis", 3, 5, 10, "", "logs"));
        for (String form : List.of(content.toString(), v0.toString(), content.toBase36())) {
            StatusHttp.Response r = get("/status/cids/" + form);
            assertEquals(200, r.status(), form);
            assertEquals(content.toString(), body(r).get("cid").asText(), form);
        }
        // A request recorded under the CIDv0 before content was keyed by its CIDv1 is found by its CIDv1 too.
        Cid legacy = TestCids.dagPb(42);
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "42".repeat(32), 0), "42", legacy.toV0().orElseThrow().toString(), "genesis",
                3, 5, 10, "", "logs"));
        JsonNode found = body(get("/status/cids/" + legacy));
        assertEquals(legacy.toV0().orElseThrow().toString(), found.get("cid").asText());
        assertEquals("41", body(get("/status/tokens/41")).get("cids").get(0).get("token_ids").get(0).asText());
    }

    @Test
    void everyReferenceOfATokenIsListedAPageAtATimeWithItsStateAndReason() throws Exception {
        // Issue 14: a token with 32 CIDs listed 20, silently; failures never reached the token's lookup.
        Cid metadata = cid(900);
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "90".repeat(32), 0), "9", metadata.toString(), "genesis", 3, 5, 10, "", "logs",
                true, ""));
        for (int i = 1; i <= 31; i++) {
            ledger.recordDerived(new DerivedPin("9", cid(900 + i).toString(), metadata.toString(), "properties.files[" + i + "].uri",
                    "genesis", 3, 5));
        }
        ledger.completeDeepPin(new TokenRef("genesis", "9"), metadata.toString(), DeepPinResult.FAILED, "gave up after 5 attempts: metadata not retrievable: HTTP 504",
                List.of(new ResolvedReference("animation_url", "https://example.com/a.mp4", Optional.empty(), "not pinned: a web URL"),
                        new ResolvedReference("external", "ipfs://../x", Optional.empty(), "refused, not pinned: climbs above its root")));
        ledger.recordRejected(new LogKey(1, "0x" + "91".repeat(32), 0), new TokenRef("genesis", "9"), RejectionKind.NOT_IPFS, "Arweave URI, not IPFS", "logs");
        ledger.recordRejected(new LogKey(1, "0x" + "92".repeat(32), 0), new TokenRef("genesis", "9"), RejectionKind.TOKEN_URI_REVERTED, "tokenURI reverted", "logs");

        JsonNode v1 = body(get("/status/tokens/9"));
        assertEquals(20, v1.get("cids").size());
        assertTrue(v1.get("truncated").asBoolean(), "v1 says it was cut");

        Set<String> content = new java.util.HashSet<>();
        Map<String, Integer> states = new HashMap<>();
        String next = "/status/tokens/9?v=2";
        int pages = 0;
        while (next != null) {
            String[] pathAndQuery = next.split("\\?", 2);
            StatusHttp.Response r = http.handle(new StatusHttp.Request("GET", pathAndQuery[0], pathAndQuery[1], Map.of()));
            assertEquals(200, r.status(), next);
            JsonNode page = body(r);
            assertEquals(2, page.get("schema_version").asInt());
            assertEquals(List.of(), StatusCapsulesIT.tokenSchema().validate(page), "valid against token-v2.json: " + next);
            for (JsonNode ref : page.get("references")) {
                if (ref.get("kind").asText().equals("content")) {
                    assertTrue(content.add(ref.get("cid").asText()), "listed once: " + ref.get("cid"));
                } else {
                    states.merge(ref.get("kind").asText() + ":" + ref.get("state").asText(), 1, Integer::sum);
                    assertFalse(ref.get("reason").asText().isEmpty(), ref.toString());
                }
            }
            assertEquals(page.get("page").has("next"), page.get("page").get("truncated").asBoolean(), "an explicit marker when cut");
            next = page.get("page").has("next") ? page.get("page").get("next").asText() : null;
            pages++;
        }
        assertEquals(32, content.size(), "every CID, the token URI's and the 31 its metadata references");
        assertEquals(2, pages);
        assertEquals(Map.of("metadata_read:failed", 1, "reference:not_ipfs", 1, "reference:refused", 1, "token_uri:not_ipfs", 1,
                "token_uri:token_uri_reverted", 1), states);
        StatusHttp.Response v1Response = get("/status/tokens/9");
        assertEquals("Tue, 02 Mar 2027 00:00:00 GMT", v1Response.headers().get("sunset"), "v1 is served until its sunset");
        assertEquals(400, http.handle(new StatusHttp.Request("GET", "/status/tokens/9", "v=2&cursor=Zm9v", Map.of())).status());
        assertEquals(400, http.handle(new StatusHttp.Request("GET", "/status/tokens/9", "v=3", Map.of())).status());
    }

    @Test
    void theDashboardCountsEachFailureKind() throws Exception {
        mintAndSweep(1);
        ledger.recordRejected(new LogKey(1, "0x" + "a1".repeat(32), 0), new TokenRef("genesis", "61"), RejectionKind.NOT_IPFS, "Arweave URI, not IPFS", "logs");
        ledger.recordRejected(new LogKey(1, "0x" + "a1".repeat(32), 0), new TokenRef("genesis", "61"), RejectionKind.NOT_IPFS, "Arweave URI, not IPFS", "logs");
        ledger.recordRejected(new LogKey(1, "0x" + "a2".repeat(32), 0), new TokenRef("genesis", "62"), RejectionKind.TOKEN_URI_REVERTED, "reverted", "logs");
        Cid metadata = cid(630);
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "a3".repeat(32), 0), "63", metadata.toString(), "genesis", 3, 5, 10, "", "logs",
                true, ""));
        List<ResolvedReference> refs = List.of(new ResolvedReference("image", "https://example.com/i.png", Optional.empty(), "not pinned: web"));
        ledger.completeDeepPin(new TokenRef("genesis", "63"), metadata.toString(), DeepPinResult.FAILED, "gave up after 5 attempts", refs);
        ledger.completeDeepPin(new TokenRef("genesis", "63"), metadata.toString(), DeepPinResult.FAILED, "gave up after 5 attempts", refs); // an overlapping run: counted once
        LogKey reorged = new LogKey(1, "0x" + "a4".repeat(32), 0);
        ledger.recordMint(new MintRecord(reorged, "64", cid(640).toString(), "genesis", 3, 5, 10, "", "logs"));
        ledger.recordReorged(reorged, "alchemy");
        sweep.run("failures");

        JsonNode d = body(get("/status"));
        assertEquals(List.of(), schema().validate(d));
        JsonNode f = d.get("failures");
        assertEquals(1, f.get("not_ipfs").asInt(), f.toString());
        assertEquals(1, f.get("token_uri_reverted").asInt());
        assertEquals(1, f.get("metadata_read_failed").asInt());
        assertEquals(1, f.get("reference_not_ipfs").asInt());
        assertEquals(1, f.get("orphaned").asInt());
        assertEquals(0, f.get("refused_uri").asInt());
    }

    @Test
    void aTokenUriNamingADirectoryShowsItsMetadataReadSkipped() throws Exception {
        Cid dir = cid(950);
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "95".repeat(32), 0), "95", dir.toString(), "genesis", 3, 5, 10, "", "logs",
                true, ""));
        ledger.completeDeepPin(new TokenRef("genesis", "95"), dir.toString(), DeepPinResult.SKIPPED, "the token URI names a directory, not a metadata document", List.of());
        JsonNode refs = body(http.handle(new StatusHttp.Request("GET", "/status/tokens/95", "v=2", Map.of()))).get("references");
        assertEquals("content", refs.get(0).get("kind").asText());
        assertEquals("queued", refs.get(0).get("state").asText());
        assertEquals("metadata_read", refs.get(1).get("kind").asText());
        assertEquals("skipped_directory", refs.get(1).get("state").asText());
    }

    @Test
    void aTokenWhoseUriNamesAFileInsideADirectoryShowsThePath() throws Exception {
        Cid collection = cid(500);
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "77".repeat(32), 0), "7", collection.toString(), "genesis", 3, 5, 10, "", "logs",
                false, "/7.json"));
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "88".repeat(32), 0), "8", collection.toString(), "genesis", 3, 5, 10, "", "logs",
                false, "/8.json"));
        JsonNode seven = body(get("/status/tokens/7")).get("cids").get(0);
        assertEquals(collection.toString(), seven.get("cid").asText());
        assertEquals("/7.json", seven.get("path").asText());
        assertEquals("/8.json", body(get("/status/tokens/8")).get("cids").get(0).get("path").asText());
        assertFalse(body(get("/status/cids/" + collection)).has("path"), "a path belongs to a token's link, not to the CID");
        assertEquals(2, body(get("/status/cids/" + collection)).get("token_count").asInt());
        mintAndSweep(1);
        assertFalse(body(get("/status/tokens/1")).get("cids").get(0).has("path"), "a URI naming the CID itself has no path");
    }

    @Test
    void aTokenWhoseMetadataWasUpdatedTwiceShowsTheLatestUriCurrentAndTheEarlierOnesPrevious() throws Exception {
        // ERC-4906: the mint at block 10, updates at block 20 and 30, recorded out of order (as a backfill may), each
        // token URI's metadata with the image deep pinning found through it.
        LogKey update = new LogKey(1, "0x" + "c4".repeat(32), 2);
        ledger.recordMint(new MintRecord(update.forToken("9"), "9", cid(902).toString(), "genesis", 3, 5, 30, "", "backfill"));
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "a1".repeat(32), 0), "9", cid(900).toString(), "genesis", 3, 5, 10, "", "logs"));
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "b2".repeat(32), 5), "9", cid(901).toString(), "genesis", 3, 5, 20, "", "logs"));
        ledger.recordDerived(new DerivedPin("9", cid(1900).toString(), cid(900).toString(), "image", "genesis", 3, 5));
        ledger.recordDerived(new DerivedPin("9", cid(1902).toString(), cid(902).toString(), "image", "genesis", 3, 5));
        Map<String, String> uri = new HashMap<>();
        body(get("/status/tokens/9")).get("cids").forEach(link -> uri.put(link.get("cid").asText(),
                link.get("role").asText() + " " + link.get("uri").asText()));
        assertEquals(Map.of(cid(902).toString(), "token_uri current", cid(901).toString(), "token_uri previous",
                cid(900).toString(), "token_uri previous", cid(1902).toString(), "image current",
                cid(1900).toString(), "image previous"), uri);
        mintAndSweep(1);
        assertEquals("current", body(get("/status/tokens/1")).get("cids").get(0).get("uri").asText(), "a token never updated");
    }

    @Test
    void aPendingCidWhoseMintWasReorgedAwayIsNoLongerShownQueued() throws Exception {
        LogKey log = new LogKey(1, "0x" + "99".repeat(32), 0);
        ledger.recordMint(new MintRecord(log, "77", cid(77).toString(), "genesis", 3, 5, 10, "", "logs"));
        assertEquals("queued", body(get("/status/cids/" + cid(77))).get("status").asText());
        ledger.recordReorged(log, "alchemy");
        sweep.run("orphan");
        JsonNode c = body(get("/status/cids/" + cid(77)));
        assertEquals("orphaned", c.get("status").asText());
        assertTrue(c.get("reason").asText().contains("reorganisation"), c.toString());
        assertEquals("orphaned", body(get("/status/tokens/77")).get("cids").get(0).get("status").asText());
    }

    @Test
    void badInputIs400UnknownIs404OtherMethods405() throws Exception {
        mintAndSweep(1);
        StatusHttp.Response bad = get("/status/cids/not-a-cid");
        assertEquals(400, bad.status());
        assertEquals("INVALID_CID", body(bad).get("error").get("reason").asText());
        assertEquals(400, get("/status/cids/..%2Fpeers").status());
        assertEquals(400, get("/status/tokens/-1").status());
        assertEquals(400, get("/status/tokens/007").status());
        assertEquals(400, get("/status/tokens/" + "9".repeat(79)).status());
        BigInteger uint256Max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        StatusHttp.Response outOfRange = get("/status/tokens/" + uint256Max.add(BigInteger.ONE));
        assertEquals(400, outOfRange.status(), "2^256 has 78 digits but is no token id");
        assertTrue(body(outOfRange).get("error").get("details").asText().contains("uint256"));
        assertEquals(404, get("/status/tokens/" + uint256Max).status(), "2^256 - 1 is a token id, just not one recorded");
        assertEquals(404, get("/status/cids/" + cid(99)).status());
        assertEquals(404, get("/status/tokens/12345").status());
        assertEquals(404, get("/status/nope").status());
        StatusHttp.Response post = http.handle(new StatusHttp.Request("POST", "/status", Map.of()));
        assertEquals(405, post.status());
        assertEquals("GET, HEAD, OPTIONS", post.headers().get("allow"));
        for (StatusHttp.Response r : List.of(bad, post)) {
            String text = new String(r.body(), StandardCharsets.UTF_8);
            assertFalse(text.contains("Exception"), text);
        }
    }

    @Test
    void theSchemaItselfIsServed() throws Exception {
        JsonNode s = body(get("/status/schema/v1.json"));
        assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText());
        assertTrue(Set.of("schema_version", "pins", "nodes").stream().allMatch(k -> s.get("properties").has(k)));
    }
}
