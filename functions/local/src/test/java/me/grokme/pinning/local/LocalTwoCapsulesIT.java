package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/local --ganache --two-capsules}: capsule genesis (GrokmeGenesis, event mode) and capsule frames (a standard
 * ERC-721 whose token URIs are {@code ipfs://<dir>/<id>.json}) on one chain. Mints of both found by the reconciliation
 * are pinned under {@code <capsule>-<id>}, and no token of one appears under the other on the status routes.
 */
class LocalTwoCapsulesIT {

    private static LocalSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        system = LocalSystem.start(LocalRunner.parse(new String[] {"--port", "0", "--sim-port", "0", "--sweep-every", "0", "--two-capsules",
            "--reconcile-every", "0", "--pin-delay", "50"}, Map.of("DEEP_PINNING", "false")));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> cidsOf(String path) throws Exception {
        HttpResponse<String> r = send("GET", path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        List<String> out = new ArrayList<>();
        json.readTree(r.body()).get("cids").forEach(c -> out.add(c.get("cid").asText()));
        return out;
    }

    @Test
    void eachCapsulesTokensArePinnedUnderItsNameAndListedOnlyUnderIt() throws Exception {
        Ganache chain = system.ganache().orElseThrow();
        String genesis = system.chainContract().orElseThrow();
        String frames = system.framesContract().orElseThrow();
        Cid first = TestCids.raw(7_100_001);
        Cid directory = TestCids.raw(7_100_002);
        chain.mint(genesis, "ipfs://" + first);
        chain.mint721(frames, chain.accounts().get(1), "ipfs://" + directory + "/1.json");
        chain.mint721(frames, chain.accounts().get(1), "ipfs://" + directory + "/2.json");

        HttpResponse<String> pass = send("POST", "/admin/reconcile");
        assertEquals(200, pass.statusCode(), pass.body());
        assertEquals("genesis-1", system.simulator().truth(first).orElseThrow().name());
        assertEquals("frames-1", system.simulator().truth(directory).orElseThrow().name());

        assertEquals(List.of(first.toString()), cidsOf("/status/tokens/genesis/1"));
        assertEquals(List.of(directory.toString()), cidsOf("/status/tokens/frames/1"));
        assertEquals(List.of(directory.toString()), cidsOf("/status/tokens/frames/2"));
        assertEquals(404, send("GET", "/status/tokens/genesis/2").statusCode(), "frames' token 2 is not genesis's");
        HttpResponse<String> bare = send("GET", "/status/tokens/1");
        assertEquals(400, bare.statusCode(), bare.body());
        assertTrue(bare.body().contains("genesis, frames"), bare.body());
        JsonNode v2 = json.readTree(send("GET", "/status/tokens/frames/1?v=2").body());
        assertEquals("frames", v2.get("capsule").asText());
        assertEquals("/1.json", v2.get("references").get(0).get("path").asText());
    }
}
