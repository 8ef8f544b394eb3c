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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/local --ganache}: a mint on the local EVM that no webhook announced is found by the
 * reconciliation route, its metadata read from the simulator's kubo RPC, and the token's image pinned too —
 * visible through the public status route.
 */
class LocalChainIT {

    private static LocalSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        system = LocalSystem.start(LocalRunner.parse(new String[] {"--port", "0", "--sim-port", "0", "--sweep-every", "0", "--ganache",
            "--reconcile-every", "0", "--pin-delay", "50"}, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnannouncedMintIsFoundAndItsImagePinnedThroughTheLocalRoutes() throws Exception {
        Ganache chain = system.ganache().orElseThrow();
        Cid metadata = TestCids.raw(7_000_001);
        Cid image = TestCids.raw(7_000_002);
        system.simulator().putContent(metadata, ("{\"name\":\"local\",\"image\":\"ipfs://" + image + "\"}").getBytes(StandardCharsets.UTF_8));
        // Deep pinning reads the image to tell it from a further JSON document: it must be retrievable.
        system.simulator().putContent(image, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        String contract = system.chainContract().orElseThrow();
        JsonNode receipt = chain.mint(contract, "ipfs://" + metadata);
        String tokenId = new BigInteger(receipt.get("logs").get(0).get("topics").get(1).asText().substring(2), 16).toString();

        // One pass: the chain part finds the mint and hands its metadata CID to the cluster, then the deep
        // pinning part reads that metadata and pins the image.
        HttpResponse<String> first = post("/admin/reconcile");
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains(": 1 logs"), first.body());
        assertTrue(first.body().contains("deep pinning 1 done"), first.body());
        assertTrue(system.simulator().truth(metadata).isPresent(), "the mint was found on chain and pinned");
        assertTrue(system.simulator().truth(image).isPresent(), "the metadata's image is pinned too");
        HttpResponse<String> second = post("/admin/reconcile");
        assertTrue(second.body().contains(": 0 logs") && second.body().contains("deep pinning 0 done"), second.body());

        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/tokens/" + tokenId))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        Set<String> cids = new HashSet<>();
        json.readTree(token.body()).get("cids").forEach(c -> cids.add(c.get("cid").asText()));
        assertEquals(Set.of(metadata.toString(), image.toString()), cids);
    }
}
