package me.grokme.pinning.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.TrackerStatus;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.devcluster.RealClusterExtension;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.RetrievalRecord;
import me.grokme.pinning.ledger.RetrievalRecord.Result;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.verify.FakeGateway;
import me.grokme.pinning.verify.GatewayVerifier;
import me.grokme.pinning.verify.Verification;
import me.grokme.pinning.verify.VerifyFailure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The retrieval probe on real parts: three ipfs-cluster + kubo peers, their kubo gateways, DynamoDB Local. The cluster's
 * own periodic recover is pushed out to 1 h, so the repair seen here is the probe's.
 */
class RetrievalProbeAgainstRealClusterIT {

    @RegisterExtension
    static final RealClusterExtension CLUSTER = RealClusterExtension.threeRegions(Map.of("CLUSTER_PINRECOVERINTERVAL", "1h"));

    private static final Map<String, String> PEER_OF_REGION = Map.of("eu", "eu-1", "us", "us-1", "asia", "asia-1");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ClusterClient client;
    private static DynamoDbClient dynamo;
    private static String table;
    private static DynamoDbLedger ledger;
    private static int logs;

    @BeforeAll
    static void setUp() {
        RealCluster c = CLUSTER.cluster();
        client = new OkHttpClusterClient(ClusterClientConfig.defaults(c.peer("eu-1").apiUrl(), new ClusterAuth.Basic(c.user(), c.password())));
        dynamo = DynamoDbLocal.client();
    }

    @BeforeEach
    void freshLedger() {
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(dynamo, table, Clock.systemUTC());
    }

    @Test
    void a_region_that_lost_the_content_fails_its_probe_while_the_cluster_says_pinned_and_passes_after_the_repair() throws Exception {
        RealCluster c = CLUSTER.cluster();
        Cid cid = pinnedEverywhere(Map.of("token.json", "{\"name\":\"probe\"}".getBytes(StandardCharsets.UTF_8), "image.bin", random(700_000, 1)));
        ProbeService probe = service(gatewaysOfPeers(), 100);

        ProbeReport healthy = probe.run();
        assertEquals(1, healthy.verified(), healthy.toString());
        RetrievalRecord first = record(cid);
        assertEquals(List.of("asia", "eu", "us"), first.regionsVerified());
        assertEquals(first.verifiedAt(), java.util.Optional.of(first.probedAt()));
        assertTrue(first.regions().values().stream().allMatch(RetrievalRecord.RegionCheck::dag), "the whole DAG walked on every region");

        // asia-1's kubo alone drops the content: its pin removed and its blockstore collected, behind the cluster's back.
        kuboRpc(c.peer("asia-1"), "/api/v0/pin/rm?arg=" + cid);
        kuboRpc(c.peer("asia-1"), "/api/v0/repo/gc");
        assertEquals(VerifyFailure.NOT_LOCAL, assertInstanceOf(Verification.Failed.class,
                new GatewayVerifier(c.peer("asia-1").gatewayUrl(), HTTP, Duration.ofSeconds(10)).verifyRoot(cid)).reason());
        // The cluster still has it in its pinset, allocated to all three peers, and the ledger says PINNED.
        assertEquals(3, client.allocation(cid).orElseThrow().allocations().size());
        assertEquals(PinState.PINNED, ledger.findPin(cid.toString()).orElseThrow().state());
        String asiaStatusBefore = statusOf(cid, "asia-1");
        System.out.println("cluster status of asia-1 after its kubo dropped the pin: " + asiaStatusBefore);

        ProbeReport failing = probe.run();
        assertEquals(Map.of("asia", 1), failing.failedRegions(), failing.toString());
        assertEquals(1, failing.repairs());
        RetrievalRecord second = record(cid);
        RetrievalRecord.RegionCheck asia = second.regions().get("asia");
        assertEquals(Result.FAILED, asia.result());
        assertEquals("NOT_LOCAL", asia.reason());
        assertEquals(1, asia.streak());
        assertEquals(first.probedAt(), asia.verifiedAt().orElseThrow(), "asia's last success is kept");
        assertEquals(List.of("eu", "us"), second.regionsVerified());
        assertEquals(first.verifiedAt(), second.verifiedAt(), "not verified everywhere at this probe");
        assertEquals("asia", second.failures().get(0).region());
        List<Map<String, String>> events = events();
        assertTrue(events.stream().anyMatch(e -> e.get("kind").equals("PROBE_FAILED") && e.get("subject").equals(cid.toString())
                && e.get("detail").startsWith("asia: NOT_LOCAL")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.get("kind").equals("PROBE_REPAIR") && e.get("subject").equals(cid.toString())
                && e.get("detail").startsWith("recover requested for asia")), events.toString());

        // The recover the probe asked for re-pins it on asia-1 (fetched from the other peers); the next probe passes.
        await(Duration.ofSeconds(90), () -> statusOf(cid, "asia-1").equals("PINNED"), "asia-1 pinned again after the recover");
        ProbeReport repaired = probe.run();
        assertEquals(1, repaired.verified(), repaired.toString());
        RetrievalRecord third = record(cid);
        assertEquals(List.of("asia", "eu", "us"), third.regionsVerified());
        assertEquals(0, third.regions().get("asia").streak());
        assertEquals(1, third.failures().size(), "the failure stays in the history");
    }

    @Test
    void a_gateway_that_flips_a_byte_is_caught_by_the_hash_check() throws Exception {
        RealCluster c = CLUSTER.cluster();
        Cid cid = pinnedEverywhere(Map.of("a.txt", random(300_000, 2)));
        try (FakeGateway liar = FakeGateway.forwardingTo(c.peer("us-1").gatewayUrl()).flipping(true)) {
            Map<String, URI> gateways = new LinkedHashMap<>(gatewaysOfPeers());
            gateways.put("us", liar.url());
            for (int dagPercent : List.of(0, 100)) { // the root block, then the CAR
                ProbeReport r = service(gateways, dagPercent).run();
                assertEquals(Map.of("us", 1), r.failedRegions(), r.toString());
                RetrievalRecord rec = record(cid);
                assertEquals("HASH_MISMATCH", rec.regions().get("us").reason(), rec.toString());
                assertEquals(List.of("asia", "eu"), rec.regionsVerified());
            }
            assertTrue(liar.asked().size() >= 2, "the probe went through the lying gateway");
        }
    }

    @Test
    void a_block_corrupted_on_one_peers_disk_fails_that_region_while_the_cluster_reports_it_pinned_on_all_three() throws Exception {
        RealCluster c = CLUSTER.cluster();
        Cid cid = Cid.parse(c.addBytes("us-1", random(100_000, 3))); // one raw block
        client.pin(cid, PinOptions.of("probe-corrupt", 3, 3));
        await(Duration.ofSeconds(120), () -> client.status(cid).pinnedCount() == 3, "pinned on all three peers");
        recordPinned(cid);
        Path block = flatfsFile(c.peer("asia-1"), cid);
        byte[] bytes = Files.readAllBytes(block);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(block, bytes); // kubo does not hash on read (Datastore.HashOnRead false): it serves what is on disk

        assertEquals(3, client.status(cid).pinnedCount(), "the cluster, asking each kubo live, still says pinned everywhere");
        ProbeService probe = service(gatewaysOfPeers(), 0);
        ProbeReport r = probe.run();
        assertEquals(Map.of("asia", 1), r.failedRegions(), r.toString());
        RetrievalRecord rec = record(cid);
        assertEquals("HASH_MISMATCH", rec.regions().get("asia").reason());
        assertEquals(List.of("eu", "us"), rec.regionsVerified());
        assertTrue(events().stream().anyMatch(e -> e.get("kind").equals("PROBE_REPAIR") && e.get("subject").equals(cid.toString())));
        // A recover does not mend a corrupted block (the pin is intact): the failure persists and its streak grows,
        // which is what a later re-pin elsewhere would act on.
        probe.run();
        assertEquals(2, record(cid).regions().get("asia").streak());
    }

    @Test
    void a_leaf_missing_on_one_peer_fails_the_block_walk_while_kubo_would_complete_a_car_from_the_other_peers() throws Exception {
        RealCluster c = CLUSTER.cluster();
        byte[] content = random(600_000, 9);
        Cid cid = Cid.parse(c.addBytes("us-1", content)); // a dag-pb root over three 256 KiB raw leaves
        client.pin(cid, PinOptions.of("probe-leaf", 3, 3));
        await(Duration.ofSeconds(120), () -> client.status(cid).pinnedCount() == 3, "pinned on all three peers");
        recordPinned(cid);
        Cid leaf = rawCid(java.util.Arrays.copyOf(content, 262_144));
        // asia-1 keeps the root and loses one leaf, through kubo's own API (a file deleted behind kubo's back stays in its
        // has-cache, and kubo would then fetch the block from the network even for only-if-cached): unpin, remove the leaf.
        kuboRpc(c.peer("asia-1"), "/api/v0/pin/rm?arg=" + cid);
        kuboRpc(c.peer("asia-1"), "/api/v0/block/rm?arg=" + leaf);
        Path file = flatfsFile(c.peer("asia-1"), cid);
        assertTrue(Files.exists(file), "the root block stays");

        ProbeReport r = service(gatewaysOfPeers(), 100).run(); // default method: block by block
        assertEquals(Map.of("asia", 1), r.failedRegions(), r.toString());
        RetrievalRecord.RegionCheck asia = record(cid).regions().get("asia");
        assertEquals("NOT_LOCAL", asia.reason());
        assertEquals(List.of("eu", "us"), record(cid).regionsVerified());
        assertTrue(record(cid).failures().get(0).detail().contains(leaf.toString()), record(cid).failures().get(0).detail());

        // Why not a CAR: with the root local, kubo answers only-if-cached with a complete CAR, fetching the missing leaf
        // from the other peers over bitswap (and keeping it). A CAR proves local presence only with Gateway.NoFetch.
        Verification car = new GatewayVerifier(c.peer("asia-1").gatewayUrl(), HTTP, Duration.ofSeconds(30)).verifyDag(cid, 16L << 20);
        assertInstanceOf(Verification.Verified.class, car);
        assertTrue(Files.exists(flatfsFileIfAny(c.peer("asia-1"), leaf)), "kubo fetched the leaf back while serving the CAR");
    }

    @Test
    void a_gateway_that_flips_a_byte_of_its_cars_only_is_caught_by_the_car_check() throws Exception {
        RealCluster c = CLUSTER.cluster();
        Cid cid = pinnedEverywhere(Map.of("b.bin", random(500_000, 4)));
        try (FakeGateway liar = FakeGateway.forwardingTo(c.peer("eu-1").gatewayUrl()).flippingWhen(q -> q.endsWith("format=car"))) {
            Map<String, URI> gateways = new LinkedHashMap<>(gatewaysOfPeers());
            gateways.put("eu", liar.url());
            Map<String, String> car = Map.of("PROBE_DAG_METHOD", "car");
            ProbeReport r = service(gateways, 100, car).run();
            assertEquals(Map.of("eu", 1), r.failedRegions(), r.toString());
            assertEquals("HASH_MISMATCH", record(cid).regions().get("eu").reason());
        }
    }

    // ---- helpers ----

    private static Path flatfsFileIfAny(RealCluster.Peer p, Cid cid) {
        String key = flatfsKey(cid);
        return p.dir().resolve("ipfs/blocks").resolve(key.substring(key.length() - 3, key.length() - 1)).resolve(key + ".data");
    }

    private static String flatfsKey(Cid cid) {
        byte[] digest = cid.digest();
        byte[] multihash = new byte[digest.length + 2];
        multihash[0] = 0x12;
        multihash[1] = (byte) digest.length;
        System.arraycopy(digest, 0, multihash, 2, digest.length);
        return base32(multihash);
    }

    /** kubo's flatfs path of a block: base32 (RFC 4648, upper case, no padding) of its multihash, sharded next-to-last/2. */
    private static Path flatfsFile(RealCluster.Peer p, Cid cid) {
        Path f = flatfsFileIfAny(p, cid);
        assertTrue(Files.exists(f), "block file " + f);
        return f;
    }

    private static Cid rawCid(byte[] block) throws java.security.NoSuchAlgorithmException {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(block);
        byte[] b = new byte[36];
        b[0] = 0x01;
        b[1] = 0x55;
        b[2] = 0x12;
        b[3] = 0x20;
        System.arraycopy(d, 0, b, 4, 32);
        return Cid.fromBytes(b);
    }

    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static ProbeService service(Map<String, URI> gateways, int dagPercent) {
        return service(gateways, dagPercent, Map.of());
    }

    private static ProbeService service(Map<String, URI> gateways, int dagPercent, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("LEDGER_TABLE", table);
        env.put("CLUSTER_URL", CLUSTER.cluster().peer("eu-1").apiUrl().toString());
        env.put("PROBE_GATEWAYS", String.join(",", gateways.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        env.put("PROBE_DAG_PERCENT", Integer.toString(dagPercent));
        env.put("PROBE_CONCURRENCY", "4");
        env.put("PROBE_RANDOM_PERCENT", "0");
        return RetrievalProbeApp.build(ProbeConfig.fromEnvironment(env), dynamo, client, Clock.systemUTC(), new Random(3), System.out);
    }

    private static Map<String, URI> gatewaysOfPeers() {
        Map<String, URI> out = new LinkedHashMap<>();
        PEER_OF_REGION.forEach((region, peer) -> out.put(region, CLUSTER.cluster().peer(peer).gatewayUrl()));
        return out;
    }

    /** Content added on us-1, pinned by the cluster on all three peers, recorded PINNED in the ledger. */
    private static Cid pinnedEverywhere(Map<String, byte[]> files) throws InterruptedException {
        Cid cid = Cid.parse(CLUSTER.cluster().addDirectory("us-1", files));
        client.pin(cid, PinOptions.of("probe-" + logs, 3, 3));
        await(Duration.ofSeconds(120), () -> client.status(cid).pinnedCount() == 3, "pinned on all three peers");
        recordPinned(cid);
        return cid;
    }

    private static void recordPinned(Cid cid) {
        logs++;
        ledger.recordMint(new MintRecord(new LogKey(1, String.format("0x%064x", logs), 0), Integer.toString(logs), cid.toString(),
                "genesis", 3, 5, logs, "", "alchemy"));
        assertTrue(ledger.markSubmitted(cid.toString(), Instant.now()));
        assertTrue(ledger.markPinned(cid.toString(), Instant.now()));
    }

    private static RetrievalRecord record(Cid cid) {
        return new ProbeStore(dynamo, table).load(cid.toString()).orElseThrow();
    }

    private static String statusOf(Cid cid, String peerName) {
        return client.status(cid).peerMap().values().stream().filter(p -> p.peername().equals(peerName))
                .map(p -> p.status().name()).findFirst().orElse(TrackerStatus.class.getSimpleName() + " missing");
    }

    private static List<Map<String, String>> events() {
        List<Map<String, String>> out = new ArrayList<>();
        String pk = "EVENTS#" + Instant.now().atOffset(ZoneOffset.UTC).toLocalDate();
        dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                .items().forEach(i -> {
                    Map<String, String> row = new HashMap<>();
                    i.forEach((k, v) -> {
                        if (v.s() != null && !k.equals(LedgerTable.PK)) {
                            row.put(k, v.s());
                        }
                    });
                    out.add(row);
                });
        return out;
    }

    private static void kuboRpc(RealCluster.Peer p, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(p.kuboApiUrl().resolve(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed + System.nanoTime()).nextBytes(b);
        return b;
    }

    private static void await(Duration timeout, BooleanSupplier done, String what) {
        CLUSTER.cluster().await(timeout, done, what);
    }
}
