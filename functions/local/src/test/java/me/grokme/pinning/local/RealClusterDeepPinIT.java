package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.devcluster.ClusterBinaries;
import me.grokme.pinning.devcluster.RealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deep pinning against real kubo: a collection directory (1.json, 2.json and an image, an ordinary UnixFS directory
 * made with ipfs add -r) on one peer, a mint of ipfs://<dir>/1.json on ganache that no webhook announced; the
 * reconciliation finds it, reads 1.json through the eu peer's real gateway, and the image ends pinned on every peer.
 */
class RealClusterDeepPinIT {

    private static LocalSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        Assumptions.assumeTrue(ClusterBinaries.find().isPresent() || ClusterBinaries.required(), ClusterBinaries.missing());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCAL_GANACHE", "true");
        env.put("LOCAL_REAL_CLUSTER", "true");
        env.put("LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/" + RealClusterDeepPinIT.class.getSimpleName());
        env.put("LOCAL_RECONCILE_EVERY", "0");
        system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ZERO, Duration.ZERO, env));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aTokensMetadataInARealDirectoryIsReadThroughKubosGatewayAndItsImagePinned() throws Exception {
        RealCluster cluster = system.realCluster().orElseThrow();
        String image = cluster.addBytes("asia-1", ("\u0089PNG\r\n\u001a\n image of token 1 " + Instant.now()).getBytes(StandardCharsets.ISO_8859_1));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("1.json", ("{\"name\":\"one\",\"image\":\"ipfs://" + image + "\"}").getBytes(StandardCharsets.UTF_8));
        files.put("2.json", "{\"name\":\"two\"}".getBytes(StandardCharsets.UTF_8));
        String dir = cluster.addDirectory("us-1", files);

        Ganache chain = system.ganache().orElseThrow();
        JsonNode receipt = chain.mint(system.chainContract().orElseThrow(), "ipfs://" + dir + "/1.json");
        String tokenId = new BigInteger(receipt.get("logs").get(0).get("topics").get(1).asText().substring(2), 16).toString();

        HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/admin/reconcile"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, run.statusCode(), run.body());
        assertTrue(run.body().contains("deep pinning 1 done"), run.body());

        cluster.await(Duration.ofSeconds(90), () -> cluster.pinnedPeers(image).size() == 3 && cluster.pinnedPeers(dir).size() == 3,
                "directory and image pinned on 3 peers");
        JsonNode token = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/tokens/" + tokenId))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        Set<String> cids = new HashSet<>();
        token.path("cids").forEach(c -> cids.add(c.path("cid").asText()));
        assertEquals(Set.of(dir, image), cids, token.toString());
    }
}
