package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        mint("7", metadata, true);

        DeepPinReport report = service().run(clock.instant().plusSeconds(60), "req-deep");

        assertEquals(1, report.done());
        assertEquals(2, report.referencesPinned());
        assertEquals("genesis-7-image", sim.truth(image).orElseThrow().name());
        assertEquals("genesis-7-animation-url", sim.truth(video).orElseThrow().name());
        assertEquals(2, sim.requestCount("POST", "/pins/ipfs/{path}"));
        assertEquals(Set.of(metadata.toString(), image.toString(), video.toString()), Set.copyOf(ledger.cidsForToken("7")));
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
        sim.putContent(collection, "/images/2.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
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
        for (int t = 1; t <= 2; t++) {
            Cid metadata = TestCids.raw(20 + t);
            sim.putContent(metadata, ("{\"image\":\"ipfs://" + image + "\"}").getBytes(StandardCharsets.UTF_8));
            mint(Integer.toString(t), metadata, true);
        }
        assertEquals(2, service().run(clock.instant().plusSeconds(60), "shared").done());
        assertEquals(Set.of("1", "2"), ledger.findPin(image.toString()).orElseThrow().tokenIds());
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"), "the shared image is sent to the cluster once");
        assertEquals("genesis-1-image", sim.truth(image).orElseThrow().name(), "under the first token's name");
        assertTrue(ledger.cidsForToken("1").contains(image.toString()));
        assertTrue(ledger.cidsForToken("2").contains(image.toString()));
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
        DeepPinSettings settings = new DeepPinSettings(256 * 1024, Duration.ofSeconds(10), 10, 2, Duration.ofMinutes(1), Duration.ofMinutes(1));
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
        mint("60", metadata, true);
        assertEquals(1, service(HttpContentFetcher.Dialect.GATEWAY, DeepPinSettings.defaults())
                .run(clock.instant().plusSeconds(60), "gateway").done());
        assertTrue(sim.truth(image).isPresent());
        assertEquals(1, sim.requestCount("GET", "/ipfs/{cid}"));
    }

    @Test
    void aReferencedCidTheClusterRefusesStaysPendingForTheSweep() {
        Cid metadata = TestCids.raw(70);
        Cid image = TestCids.raw(71);
        sim.putContent(metadata, ("{\"image\":\"ipfs://" + image + "\"}").getBytes(StandardCharsets.UTF_8));
        mint("70", metadata, true);
        sim.failNext(1, 503, "/pins");
        assertEquals(1, service().run(clock.instant().plusSeconds(60), "cluster-down").done());
        assertEquals(PinState.PENDING, ledger.findPin(image.toString()).orElseThrow().state());
        assertTrue(ledger.findPin(image.toString()).orElseThrow().lastError().contains("503"));
        // The sweep will submit it under the name deep pinning chose, not the plain genesis-<token>.
        assertEquals("genesis-70-image", ledger.findPin(image.toString()).orElseThrow().clusterName());
        assertEquals("genesis-70", ledger.findPin(metadata.toString()).orElseThrow().clusterName());
    }
}
