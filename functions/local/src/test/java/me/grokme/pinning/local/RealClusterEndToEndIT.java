package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import me.grokme.pinning.devcluster.ClusterBinaries;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system on a real 3-peer IPFS Cluster (ipfs-cluster-service + kubo, booted from infrastructure/ipfs-cluster):
 * what the real cluster reports is the judge, not the simulator.
 */
class RealClusterEndToEndIT {

    private static LocalSystem system;
    private static RealCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        assumeTrue(ClusterBinaries.find().isPresent() || ClusterBinaries.required(), ClusterBinaries.missing());
        system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ZERO, Duration.ZERO, Map.of(
                "LOCAL_REAL_CLUSTER", "true",
                "LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/" + RealClusterEndToEndIT.class.getSimpleName(),
                // Content no peer has fails after this instead of the shipped 2 minutes; fetchable content pins in < 1 s.
                "LOCAL_PEER_ENV_CLUSTER_IPFSHTTP_PINTIMEOUT", "15s")));
        cluster = system.realCluster().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private HttpResponse<String> deliver(String provider, List<Deliveries.Mint> mints) throws Exception {
        String body = Deliveries.body(provider, mints);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/" + provider))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Deliveries.signedHeaders(provider, body, Instant.now().getEpochSecond()).forEach(post::header);
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The real cluster's own per-CID status, asked of one peer's REST API. */
    private JsonNode clusterStatus(String cid) {
        return cluster.get(cluster.peer("eu-1"), "/pins/" + cid).orElseThrow();
    }

    private Set<String> pinnedPeers(String cid) {
        return cluster.pinnedPeers(cid);
    }

    private static void await(Duration timeout, BooleanSupplier done, String what) {
        cluster.await(timeout, done, what);
    }

    @Test
    void aSignedDeliveryForContentOnOnePeerEndsPinnedOnEveryPeerInThreeRegions() throws Exception {
        String cid = cluster.addBytes("us-1", ("token 1 " + Instant.now()).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> r = deliver("alchemy", List.of(Deliveries.Mint.of(1, "ipfs://" + cid)));

        assertEquals(200, r.statusCode(), r.body());
        await(Duration.ofSeconds(60), () -> pinnedPeers(cid).size() == 3, "the cluster reports " + cid + " pinned on 3 peers");
        assertEquals(Set.of("eu-1", "us-1", "asia-1"), pinnedPeers(cid), "one peer per region: eu, us, asia");
        JsonNode allocation = cluster.get(cluster.peer("asia-1"), "/allocations/" + cid).orElseThrow();
        assertEquals("genesis-1", allocation.path("name").asText());
        assertEquals("1", allocation.path("metadata").path("tokenId").asText());

        HttpResponse<String> swept = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/admin/sweep"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, swept.statusCode(), swept.body());
        JsonNode lookup = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/cids/" + cid))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("pinned", lookup.path("status").asText(), lookup.toString());
        assertEquals(3, lookup.path("replication").path("pinned").asInt(), lookup.toString());
        Set<String> regions = new HashSet<>();
        lookup.path("replication").path("regions").forEach(x -> regions.add(x.asText()));
        assertEquals(Set.of("eu", "us", "asia"), regions, lookup.toString());

        // The retrieval probe, wired to each region's kubo gateway, proves what the cluster says.
        HttpResponse<String> probed = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/admin/probe"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, probed.statusCode(), probed.body());
        JsonNode retrieval = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/cids/" + cid))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).path("retrieval");
        assertEquals("verified", retrieval.path("state").asText(), probed.body() + "\n" + retrieval);
    }

    @Test
    void theReferencePageRendersTheRealClustersData() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "/usr/bin/chromium not installed (bin/test installs it): skipping the page");
        String cid = cluster.addBytes("eu-1", ("token 2 " + Instant.now()).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, deliver("alchemy", List.of(Deliveries.Mint.of(2, "ipfs://" + cid))).statusCode());
        await(Duration.ofSeconds(60), () -> pinnedPeers(cid).size() == 3, cid + " on 3 peers");
        http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/admin/sweep")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());

        Path shot = Path.of("target", "status-page-real-cluster.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        String dom = chromium(chromium, "--dump-dom");
        chromium(chromium, "--screenshot=" + shot);

        assertTrue(dom.contains("data-loaded=\"true\""), "the page rendered the status JSON");
        Matcher total = Pattern.compile("id=\"total-cids\"[^>]*>([^<]*)<").matcher(dom);
        assertTrue(total.find());
        assertEquals(status.path("pins").path("total_cids").asText(), total.group(1));
        assertEquals(3, dom.split("class=\"node\"", -1).length - 1, "one row per real peer");
        for (String peer : List.of("eu-1", "us-1", "asia-1")) {
            assertTrue(dom.contains(peer), peer + " on the page");
        }
        assertTrue(Files.size(shot) > 10_000, "screenshot written: " + shot);
    }

    @Test
    void aPinOfContentNoPeerHasSurfacesAsPinErrorIsRecoveredAndRaisesAFailureEvent() throws Exception {
        String cid = TestCids.raw((int) (Instant.now().toEpochMilli() % 1_000_000_000)).toString(); // a valid CID of bytes nobody holds
        assertEquals(200, deliver("alchemy", List.of(Deliveries.Mint.of(3, "ipfs://" + cid))).statusCode(),
                "the cluster accepts the pin; only fetching fails");
        await(Duration.ofSeconds(90), () -> {
            JsonNode status = clusterStatus(cid);
            int errors = 0;
            for (JsonNode p : status.path("peer_map")) {
                errors += p.path("status").asText().equals("pin_error") ? 1 : 0;
            }
            return errors == 3;
        }, "the real cluster reports pin_error on every peer after its pin timeout");
        String reason = clusterStatus(cid).path("peer_map").elements().next().path("error").asText();
        assertTrue(!reason.isEmpty(), "the cluster says why");

        HttpResponse<String> swept = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/admin/sweep"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, swept.statusCode(), swept.body());
        JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        boolean event = false;
        for (JsonNode e : status.path("failure_events")) {
            event |= e.path("kind").asText().equals("cid_errored") && e.path("subject").asText().equals(cid);
        }
        assertTrue(event, "a failure event names the CID: " + status.path("failure_events"));
        JsonNode lookup = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/cids/" + cid))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("errored", lookup.path("replication").path("state").asText(), lookup.toString());
        boolean recovered = false;
        for (JsonNode op : lookup.path("history")) {
            recovered |= op.path("op").asText().equals("recover") && op.path("result").asText().equals("ok");
        }
        assertTrue(recovered, "the sweep asked the real cluster to recover it: " + lookup.path("history"));
    }

    private String chromium(Path chromium, String action) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=15000", "--window-size=1200,1800", action, system.gateway().baseUrl() + "/")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return out;
    }
}
