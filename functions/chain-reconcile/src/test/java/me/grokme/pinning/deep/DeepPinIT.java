package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import me.grokme.pinning.ledger.TokenRef;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.IntakePolicy;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Deep pinning against DynamoDB Local and the simulator's IPFS side (kubo RPC cat and a path gateway). */
class DeepPinIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final IntakePolicy policy = new IntakePolicy("genesis", 3, 5, true);
    private ClusterSimulator sim;
    private ClusterClient cluster;
    private DynamoDbLedger ledger;
    private String table;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private int nextLog = 1;

    @BeforeEach
    void start() {
        sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock));
        cluster = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)), new OkHttpClient(), d -> { });
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private DeepPinService service(HttpContentFetcher.Dialect dialect, DeepPinSettings settings) {
        return new DeepPinService(ledger, new HttpContentFetcher(new OkHttpClient(), sim.baseUrl(), dialect), cluster, policy, settings,
                clock, new JsonLog("chain-reconcile", "reconcile", new PrintStream(logs, true, StandardCharsets.UTF_8), clock));
    }

    private DeepPinService service() {
        return service(HttpContentFetcher.Dialect.IPFS_API, DeepPinSettings.defaults());
    }

    /** A mint recorded with deep pinning on, its metadata CID handed to the cluster (as the intake does). */
    private void mint(String tokenId, Cid metadata, boolean submitted) {
        mint(tokenId, metadata, "", submitted);
    }

    /** The same for a token URI naming a file inside a directory CID ({@code ipfs://<dir>/7.json}). */
    private void mint(String tokenId, Cid metadata, String path, boolean submitted) {
        ledger.recordMint(new MintRecord(new LogKey(1, String.format("0x%064x", nextLog++), 0), tokenId, metadata.toString(), "genesis", 3, 5,
                10, "", "alchemy", true, path));
        if (submitted) {
            ledger.markSubmitted(metadata.toString(), clock.instant());
        }
    }

    /** Content that is not a JSON document: references to it are pinned, not read. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Map<String, AttributeValue> tokenLink(String tokenId, Cid cid) {
        return DynamoDbLocal.client().getItem(g -> g.tableName(table).key(Map.of(LedgerTable.PK, AttributeValue.fromS("TOKEN#" + tokenId),
                LedgerTable.SK, AttributeValue.fromS("CID#" + cid)))).item();
    }

    @Test
    void imageAnimationAndNestedFilesArePinnedForTheTokenAndWebLinksRecorded() {
        Cid metadata = TestCids.raw(1);
        Cid image = TestCids.raw(2);
        Cid video = TestCids.raw(3);
        String json = """
                {"name":"Genesis #7","description":"a capsule","image":"ipfs://%s",
                 "animation_url":"https://%s.ipfs.dweb.link/clip.mp4",
                 "external_url":"https://grokme.me/7",
                 "properties":{"files":[{"uri":"ipfs://%s/clip.mp4","type":"video/mp4"},{"uri":"ar://abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}]},
                 "attributes":[{"trait_type":"image","value":"not a field we read"}]}
                """.formatted(image, video, metadata);
        sim.putContent(metadata, json.getBytes(StandardCharsets.UTF_8));
        sim.putContent(image, PNG);
        sim.putContent(video, "/clip.mp4", new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'});
        mint("7", metadata, true);

        DeepPinReport report = service().run(clock.instant().plusSeconds(60), "req-deep");

        assertEquals(1, report.done());
        assertEquals(2, report.referencesPinned());
        assertEquals("genesis-7-image", sim.truth(image).orElseThrow().name());
        assertEquals("genesis-7-animation-url", sim.truth(video).orElseThrow().name());
        assertEquals(2, sim.requestCount("POST", "/pins/ipfs/{path}"));
        assertEquals(Set.of(metadata.toString(), image.toString(), video.toString()), Set.copyOf(ledger.cidsForToken(new TokenRef("genesis", "7"))));
        assertEquals(PinState.SUBMITTED, ledger.findPin(image.toString()).orElseThrow().state());
        assertEquals(Set.of("VIA#" + metadata), ledger.findPin(image.toString()).orElseThrow().activeLogs());
        assertEquals("image", tokenLink("7", image).get("role").s());
        Map<String, AttributeValue> link = tokenLink("7", metadata);
        assertEquals("DONE", link.get("deep").s());
        assertTrue(!link.containsKey(LedgerTable.GSI1PK), "left the queue");
        List<AttributeValue> refs = link.get("deepRefs").l();
        assertEquals(5, refs.size(), refs.toString());
        assertTrue(refs.stream().anyMatch(r -> r.m().get("field").s().equals("external_url")
                && r.m().get("note").s().startsWith("not pinned")), refs.toString());
        assertTrue(refs.stream().anyMatch(r -> r.m().get("field").s().equals("properties.files[0].uri")
                && r.m().get("note").s().contains("own directory")), refs.toString());
        // Done is done: the next pass has nothing to do and pins nothing again.
        assertEquals(0, service().run(clock.instant().plusSeconds(60), "again").tasks());
        assertEquals(2, sim.requestCount("POST", "/pins/ipfs/{path}"));
    }

    @ParameterizedTest
    @EnumSource(HttpContentFetcher.Dialect.class)
    void aCollectionDirectoryIsReadPerTokenFileAndPinnedOnce(HttpContentFetcher.Dialect dialect) {
        // The usual ERC-721 layout: tokenURI = ipfs://<dir>/<id>.json, images alongside or elsewhere.
        Cid collection = TestCids.raw(40);
        Cid outsideImage = TestCids.raw(41);
        sim.putContent(collection, "/1.json", ("{\"image\":\"ipfs://" + outsideImage + "\"}").getBytes(StandardCharsets.UTF_8));
        sim.putContent(collection, "/2.json", ("{\"image\":\"ipfs://" + collection + "/images/2.png\"}").getBytes(StandardCharsets.UTF_8));
        sim.putContent(collection, "/images/2.png", PNG);
        sim.putContent(outsideImage, PNG);
        mint("1", collection, "/1.json", true);
        mint("2", collection, "/2.json", true);

        DeepPinReport report = service(dialect, DeepPinSettings.defaults()).run(clock.instant().plusSeconds(60), "req-dir");

        assertEquals(2, report.done(), "each token's own file was read, not the directory");
        assertEquals(1, report.referencesPinned());
        assertEquals("genesis-1-image", sim.truth(outsideImage).orElseThrow().name());
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"), "the directory itself is pinned by the intake, once");
        assertEquals(Set.of("1", "2"), ledger.findPin(collection.toString()).orElseThrow().tokenIds());
        assertEquals("/2.json", tokenLink("2", collection).get("path").s());
        List<AttributeValue> refs = tokenLink("2", collection).get("deepRefs").l();
        assertEquals(1, refs.size(), refs.toString());
        assertTrue(refs.get(0).m().get("note").s().contains("own directory"), refs.toString());
    }

    @Test
    void aTokenUriNamingADirectoryIsSkippedAndAMissingFileFailsAtOnceWithoutRetries() {
        Cid collection = TestCids.raw(42);
        sim.putContent(collection, "/1.json", "{}".getBytes(StandardCharsets.UTF_8));
        mint("1", collection, true);
        mint("2", collection, "/2.json", true);
        DeepPinReport report = service().run(clock.instant().plusSeconds(60), "req-dir-only");
        assertEquals(1, report.skipped(), report.toString());
        assertEquals(1, report.failed(), report.toString());
        assertEquals(0, report.deferred(), "neither answer changes by asking again: " + report);
        assertEquals("the token URI names a directory, not a metadata document", tokenLink("1", collection).get("deepReason").s());
        assertEquals("the token URI names a file its CID does not hold: no link named \"2.json\" under " + collection,
                tokenLink("2", collection).get("deepReason").s());
    }

    @Test
    void twoTokensSharingAnImageGetOnePinAndBothLinks() {
        Cid image = TestCids.raw(20);
        sim.putContent(image, PNG);
        for (int t = 1; t <= 2; t++) {
            Cid metadata = TestCids.raw(20 + t);
            sim.putContent(metadata, ("{\"image\":\"ipfs://" + image + "\"}").getBytes(StandardCharsets.UTF_8));
            mint(Integer.toString(t), metadata, true);
        }
        assertEquals(2, service().run(clock.instant().plusSeconds(60), "shared").done());
        assertEquals(Set.of("1", "2"), ledger.findPin(image.toString()).orElseThrow().tokenIds());
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"), "the shared image is sent to the cluster once");
        assertEquals("genesis-1-image", sim.truth(image).orElseThrow().name(), "under the first token's name");
        assertTrue(ledger.cidsForToken(new TokenRef("genesis", "1")).contains(image.toString()));
        assertTrue(ledger.cidsForToken(new TokenRef("genesis", "2")).contains(image.toString()));
    }

    @Test
    void metadataNotRetrievableYetIsRetriedWithBackoffThenResolved() {
        Cid metadata = TestCids.raw(30);
        Cid image = TestCids.raw(31);
        mint("30", metadata, true);
        DeepPinReport first = service().run(clock.instant().plusSeconds(60), "not-yet");
        assertEquals(1, first.deferred());
        assertTrue(tokenLink("30", metadata).get("deepError").s().contains("block was not found"), tokenLink("30", metadata).toString());
        // Not due again until the backoff has passed.
        assertEquals(0, service().run(clock.instant().plusSeconds(60), "too-soon").tasks());
        sim.putContent(metadata, ("{\"image\":\"ipfs://" + image + "\"}").getBytes(StandardCharsets.UTF_8));
        sim.putContent(image, PNG);
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, service().run(clock.instant().plusSeconds(60), "now").done());
        assertTrue(sim.truth(image).isPresent());
    }

    @Test
    void aMetadataCidTheClusterHasNotTakenYetWaits() {
        Cid metadata = TestCids.raw(40);
        sim.putContent(metadata, "{\"image\":\"ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u\"}".getBytes(StandardCharsets.UTF_8));
        mint("40", metadata, false);
        assertEquals(1, service().run(clock.instant().plusSeconds(60), "pending").deferred());
        assertEquals(0, sim.requestCount("POST", "/pins/ipfs/{path}"));
    }

    @Test
    void oversizeNonJsonAndHopelessDocumentsEndVisiblyWithAReason() {
        Cid big = TestCids.raw(50);
        Cid image = TestCids.raw(51);
        Cid missing = TestCids.raw(52);
        sim.putContent(big, ("{\"image\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        sim.putContent(image, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        mint("50", big, true);
        mint("51", image, true);
        mint("52", missing, true);
        DeepPinSettings settings = new DeepPinSettings(256 * 1024, Duration.ofSeconds(10), 10, 2, Duration.ofMinutes(1),
                Duration.ofMinutes(1), 3, 64);
        DeepPinReport report = service(HttpContentFetcher.Dialect.IPFS_API, settings).run(clock.instant().plusSeconds(60), "limits");
        assertEquals(1, report.failed());
        assertEquals(1, report.skipped());
        assertEquals(1, report.deferred());
        assertEquals("FAILED", tokenLink("50", big).get("deep").s());
        assertTrue(tokenLink("50", big).get("deepReason").s().contains("larger than 262144 bytes"));
        assertEquals("SKIPPED", tokenLink("51", image).get("deep").s());
        assertTrue(tokenLink("51", image).get("deepReason").s().contains("not JSON"));
        clock.advance(Duration.ofMinutes(2));
        service(HttpContentFetcher.Dialect.IPFS_API, settings).run(clock.instant().plusSeconds(60), "give-up");
        assertEquals("FAILED", tokenLink("52", missing).get("deep").s());
        assertTrue(tokenLink("52", missing).get("deepReason").s().startsWith("gave up after 2 attempts"));
    }

    @Test
    void theGatewayDialectReadsTheSameDocument() {
        Cid metadata = TestCids.raw(60);
        Cid image = TestCids.raw(61);
        sim.putContent(metadata, ("{\"image\":\"/ipfs/" + image + "\"}").getBytes(StandardCharsets.UTF_8));
        sim.putContent(image, PNG);
        mint("60", metadata, true);
        assertEquals(1, service(HttpContentFetcher.Dialect.GATEWAY, DeepPinSettings.defaults())
                .run(clock.instant().plusSeconds(60), "gateway").done());
        assertTrue(sim.truth(image).isPresent());
        assertEquals(2, sim.requestCount("GET", "/ipfs/{cid}"), "the metadata, then the image to see it is not a document");
    }

    @Test
    void aReferencedCidTheClusterRefusesStaysPendingForTheSweep() {
        Cid metadata = TestCids.raw(70);
        Cid image = TestCids.raw(71);
        sim.putContent(metadata, ("{\"image\":\"ipfs://" + image + "\"}").getBytes(StandardCharsets.UTF_8));
        sim.putContent(image, PNG);
        mint("70", metadata, true);
        sim.failNext(1, 503, "/pins");
        assertEquals(1, service().run(clock.instant().plusSeconds(60), "cluster-down").done());
        assertEquals(PinState.PENDING, ledger.findPin(image.toString()).orElseThrow().state());
        assertTrue(ledger.findPin(image.toString()).orElseThrow().lastError().contains("503"));
        // The sweep will submit it under the name deep pinning chose, not the plain genesis-<token>.
        assertEquals("genesis-70-image", ledger.findPin(image.toString()).orElseThrow().clusterName());
        assertEquals("genesis-70", ledger.findPin(metadata.toString()).orElseThrow().clusterName());
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The token link's references, by the document they were found in and their field. */
    private Map<String, Map<String, AttributeValue>> refs(String tokenId, Cid metadata) {
        Map<String, Map<String, AttributeValue>> out = new java.util.LinkedHashMap<>();
        for (AttributeValue r : tokenLink(tokenId, metadata).get("deepRefs").l()) {
            out.put(r.m().get("in").s() + " " + r.m().get("field").s(), r.m());
        }
        return out;
    }

    @Test
    void aMetadataTreeThreeLevelsDeepWithRelativeReferencesIsFollowedAndEachCidPinnedOnce() {
        // metadata (ipfs://<dir>/42.json) → manifest JSON in another directory → nested JSON → image, with relative
        // references at every level; a second token's metadata in the same directory shares the manifest.
        Cid dir = TestCids.raw(100);
        Cid manifests = TestCids.raw(101);
        Cid audio = TestCids.raw(102);
        Cid app = TestCids.raw(103);
        for (String token : List.of("42", "43")) {
            sim.putContent(dir, "/" + token + ".json", json("""
                    {"name":"#%s","image":"image.png",
                     "properties":{"files":[{"uri":"ipfs://%s/v1/manifest.json","type":"application/json"}]}}"""
                    .formatted(token, manifests)));
        }
        sim.putContent(dir, "/image.png", PNG);
        sim.putContent(manifests, "/v1/manifest.json", json("""
                {"files":[{"uri":"./parts/nested.json"},{"src":"ipfs://%s"}]}""".formatted(audio)));
        sim.putContent(manifests, "/v1/parts/nested.json", json("""
                [{"image":"../../art/final.png"},{"animation_url":"ipfs://%s/index.html"}]""".formatted(app)));
        sim.putContent(manifests, "/art/final.png", PNG);
        sim.putContent(audio, new byte[] {'I', 'D', '3', 4});
        sim.putContent(app, "/index.html", json("<!DOCTYPE html><script src=\"app.js\"></script>"));
        mint("42", dir, "/42.json", true);
        mint("43", dir, "/43.json", true);

        DeepPinReport report = service().run(clock.instant().plusSeconds(60), "tree");

        assertEquals(2, report.done(), report.toString());
        // The directory (by the intake) and the three roots the tree points at, each one cluster pin for both tokens.
        assertEquals(3, sim.requestCount("POST", "/pins/ipfs/{path}"));
        for (Cid root : List.of(manifests, audio, app)) {
            assertEquals(Set.of("42", "43"), ledger.findPin(root.toString()).orElseThrow().tokenIds(), root.toString());
            assertEquals(Set.of("VIA#" + dir), ledger.findPin(root.toString()).orElseThrow().activeLogs());
        }
        assertEquals(Set.of(dir, manifests, audio, app).stream().map(Cid::toString).collect(java.util.stream.Collectors.toSet()),
                Set.copyOf(ledger.cidsForToken(new TokenRef("genesis", "42"))));
        // Each root's link on the token keeps the first reference to it: field, path inside the root, level.
        Map<String, AttributeValue> manifestLink = tokenLink("42", manifests);
        assertEquals("properties.files[0].uri", manifestLink.get("role").s());
        assertEquals("/v1/manifest.json", manifestLink.get("path").s());
        assertEquals("1", manifestLink.get("depth").n());
        assertTrue(Set.of("genesis-42-properties-files-0-uri", "genesis-43-properties-files-0-uri")
                .contains(sim.truth(manifests).orElseThrow().name()), "under the name of whichever token's walk came first");
        assertEquals("files[1].src", tokenLink("42", audio).get("role").s());
        assertEquals("2", tokenLink("42", audio).get("depth").n());
        assertEquals("[1].animation_url", tokenLink("42", app).get("role").s());
        assertEquals("/index.html", tokenLink("42", app).get("path").s());
        assertEquals("3", tokenLink("42", app).get("depth").n());

        // Every reference, with where it was found, what it resolved to, its level and what was made of it.
        Map<String, Map<String, AttributeValue>> refs = refs("42", dir);
        String meta = "/ipfs/" + dir + "/42.json";
        String manifest = "/ipfs/" + manifests + "/v1/manifest.json";
        String nested = "/ipfs/" + manifests + "/v1/parts/nested.json";
        assertEquals(List.of(meta + " image", meta + " properties.files[0].uri", manifest + " files[0].uri", manifest + " files[1].src",
                nested + " [0].image", nested + " [1].animation_url"), List.copyOf(refs.keySet()));
        Map<String, AttributeValue> image = refs.get(meta + " image");
        assertEquals(dir.toString(), image.get("cid").s());
        assertEquals("/image.png", image.get("path").s());
        assertEquals("inside the metadata's own directory, pinned with it; content, not a JSON document: pinned, not read",
                image.get("note").s());
        assertEquals("a JSON document: read, its references are level 2", refs.get(meta + " properties.files[0].uri").get("note").s());
        Map<String, AttributeValue> toNested = refs.get(manifest + " files[0].uri");
        assertEquals(manifests.toString(), toNested.get("cid").s());
        assertEquals("/v1/parts/nested.json", toNested.get("path").s(), "./parts/nested.json next to /v1/manifest.json");
        assertEquals("2", toNested.get("depth").n());
        Map<String, AttributeValue> art = refs.get(nested + " [0].image");
        assertEquals(manifests.toString(), art.get("cid").s());
        assertEquals("/art/final.png", art.get("path").s(), "../../art/final.png next to /v1/parts/nested.json");
        assertEquals("3", art.get("depth").n());
        assertEquals("depth limit (3) reached: pinned, not read", art.get("note").s());
        assertTrue(tokenLink("42", dir).get("deepReason").s().startsWith("3 referenced CID(s) pinned, 2 further JSON document(s) read"),
                tokenLink("42", dir).get("deepReason").s());
        assertEquals(6, refs("43", dir).size());

        // Done is done: nothing is read or pinned again.
        long reads = sim.requestCount("POST", "/api/v0/cat");
        assertEquals(0, service().run(clock.instant().plusSeconds(60), "again").tasks());
        assertEquals(reads, sim.requestCount("POST", "/api/v0/cat"));
        assertEquals(3, sim.requestCount("POST", "/pins/ipfs/{path}"));
    }

    @Test
    void aCycleEndsTheWalkAndIsRecordedNotReadAgain() {
        // A refers to B refers to A, across two CIDs; and a relative cycle inside one directory (a.json ↔ b.json).
        Cid a = TestCids.raw(110);
        Cid b = TestCids.raw(111);
        sim.putContent(a, json("{\"animation_url\":\"ipfs://" + b + "\"}"));
        sim.putContent(b, json("{\"files\":[{\"uri\":\"ipfs://" + a + "\"},{\"uri\":\"/ipfs/" + b + "\"}]}"));
        Cid dir = TestCids.raw(112);
        sim.putContent(dir, "/a.json", json("{\"external_url\":\"b.json\"}"));
        sim.putContent(dir, "/b.json", json("{\"external_url\":\"./a.json\"}"));
        mint("1", a, true);
        mint("2", dir, "/a.json", true);

        DeepPinReport report = service().run(clock.instant().plusSeconds(60), "cycle");

        assertEquals(2, report.done(), report.toString());
        assertEquals(4, sim.requestCount("POST", "/api/v0/cat"), "each document read once: a, b, dir/a.json, dir/b.json");
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"), "B pinned once; A and the directory are the tokens' own");
        assertEquals("genesis-1-animation-url", sim.truth(b).orElseThrow().name());
        Map<String, Map<String, AttributeValue>> refs = refs("1", a);
        Map<String, AttributeValue> back = refs.get("/ipfs/" + b + " files[0].uri");
        assertEquals(a.toString(), back.get("cid").s());
        assertEquals("2", back.get("depth").n());
        assertEquals("inside the metadata's own directory, pinned with it; cycle: leads back to /ipfs/" + a
                + ", which this walk is reading; not read again", back.get("note").s());
        assertTrue(refs.get("/ipfs/" + b + " files[1].uri").get("note").s().startsWith("cycle: leads back to /ipfs/" + b), refs.toString());
        Map<String, AttributeValue> relativeBack = refs("2", dir).get("/ipfs/" + dir + "/b.json external_url");
        assertEquals("/a.json", relativeBack.get("path").s());
        assertTrue(relativeBack.get("note").s().contains("cycle: leads back to /ipfs/" + dir + "/a.json"), relativeBack.toString());
    }

    @Test
    void aRelativeReferenceClimbingAboveItsRootIsRefusedAndRecorded() {
        Cid dir = TestCids.raw(120);
        Cid manifests = TestCids.raw(121);
        sim.putContent(dir, "/7.json", json("{\"image\":\"../shared/x.png\",\"animation_url\":\"ipfs://" + manifests + "/m.json\"}"));
        sim.putContent(manifests, "/m.json", json("{\"files\":[{\"uri\":\"sub/../../../escape.png\"},{\"uri\":\"ok.png\"}]}"));
        sim.putContent(manifests, "/ok.png", PNG);
        mint("7", dir, "/7.json", true);

        assertEquals(1, service().run(clock.instant().plusSeconds(60), "escape").done());

        Map<String, Map<String, AttributeValue>> refs = refs("7", dir);
        Map<String, AttributeValue> image = refs.get("/ipfs/" + dir + "/7.json image");
        assertEquals("refused, not pinned: relative reference climbs above the root CID " + dir + " of /ipfs/" + dir + "/7.json",
                image.get("note").s());
        assertTrue(!image.containsKey("cid") && !image.containsKey("path"), image.toString());
        assertEquals("../shared/x.png", image.get("uri").s());
        Map<String, AttributeValue> nested = refs.get("/ipfs/" + manifests + "/m.json files[0].uri");
        assertTrue(nested.get("note").s().startsWith("refused, not pinned: relative reference climbs above the root CID " + manifests),
                nested.toString());
        assertEquals("/ok.png", refs.get("/ipfs/" + manifests + "/m.json files[1].uri").get("path").s());
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"), "only the manifest's directory");
        assertTrue(tokenLink("7", dir).get("deepReason").s().contains("2 reference(s) recorded only"),
                tokenLink("7", dir).get("deepReason").s());
    }

    @Test
    void theDepthLimitStopsTheWalkVisiblyOnTheToken() {
        // metadata → doc1 → doc2 → image, with DEEP_PIN_MAX_DEPTH=2: doc2 is pinned but not read, so the image is never found.
        Cid metadata = TestCids.raw(130);
        Cid doc1 = TestCids.raw(131);
        Cid doc2 = TestCids.raw(132);
        Cid image = TestCids.raw(133);
        sim.putContent(metadata, json("{\"properties\":{\"files\":[{\"uri\":\"ipfs://" + doc1 + "\"}]}}"));
        sim.putContent(doc1, json("{\"uri\":\"ipfs://" + doc2 + "\"}"));
        sim.putContent(doc2, json("{\"image\":\"ipfs://" + image + "\"}"));
        sim.putContent(image, PNG);
        mint("9", metadata, true);
        DeepPinSettings d = DeepPinSettings.defaults();
        DeepPinSettings shallow = new DeepPinSettings(d.maxMetadataBytes(), d.fetchTimeout(), d.tasksPerRun(), d.maxAttempts(),
                d.firstRetry(), d.maxRetry(), 2, d.maxReferences());

        assertEquals(1, service(HttpContentFetcher.Dialect.IPFS_API, shallow).run(clock.instant().plusSeconds(60), "shallow").done());

        assertTrue(sim.truth(doc2).isPresent(), "the reference at the limit is pinned");
        assertTrue(sim.truth(image).isEmpty(), "what lies beyond the limit is not found");
        assertEquals(2, sim.requestCount("POST", "/api/v0/cat"), "the metadata and doc1; doc2 is not read");
        Map<String, AttributeValue> limit = refs("9", metadata).get("/ipfs/" + doc1 + " uri");
        assertEquals(doc2.toString(), limit.get("cid").s());
        assertEquals("2", limit.get("depth").n());
        assertEquals("depth limit (2) reached: pinned, not read", limit.get("note").s());
        assertEquals("2", tokenLink("9", doc2).get("depth").n());
    }

    @Test
    void aReferencedDocumentNotRetrievableYetDefersTheWalkKeepingItsPinsThenFinishes() {
        Cid metadata = TestCids.raw(140);
        Cid manifest = TestCids.raw(141);
        Cid image = TestCids.raw(142);
        sim.putContent(metadata, json("{\"properties\":{\"files\":[{\"uri\":\"ipfs://" + manifest + "\"}]}}"));
        mint("14", metadata, true);

        DeepPinReport first = service().run(clock.instant().plusSeconds(60), "manifest-missing");
        assertEquals(1, first.deferred(), first.toString());
        assertTrue(sim.truth(manifest).isPresent(), "what was found is pinned at once");
        assertEquals("PENDING", tokenLink("14", metadata).get("deep").s());
        assertTrue(tokenLink("14", metadata).get("deepError").s().startsWith("1 referenced document(s) not retrievable yet, first /ipfs/"
                + manifest), tokenLink("14", metadata).toString());

        sim.putContent(manifest, json("{\"image\":\"ipfs://" + image + "\"}"));
        sim.putContent(image, PNG);
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, service().run(clock.instant().plusSeconds(60), "manifest-there").done());
        assertTrue(sim.truth(image).isPresent());
        assertEquals(2, sim.requestCount("POST", "/pins/ipfs/{path}"), "the manifest was not sent again");
        assertEquals("2", tokenLink("14", image).get("depth").n());
    }
}
