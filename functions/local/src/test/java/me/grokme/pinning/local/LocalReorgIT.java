package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashMap;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, deep reorgs, through {@code bin/local --ganache}'s routes: mints in blocks a reorganisation deeper than
 * CONFIRMATIONS replaced (evm_snapshot/evm_revert) are flagged on their token, their content — and the image their
 * metadata referenced — unpinned by the pin drain once the release grace has passed, and content a canonical mint still
 * uses kept.
 */
class LocalReorgIT {

    private static final Duration GRACE = Duration.ofSeconds(3);
    private static LocalSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        system = LocalSystem.start(LocalRunner.parse(new String[] {"--port", "0", "--sim-port", "0", "--sweep-every", "0", "--ganache",
            "--reconcile-every", "0", "--pin-delay", "50"}, Map.of("CONFIRMATIONS", "1", "REORG_REWIND_BLOCKS", "16",
                "ORPHAN_RELEASE_GRACE", GRACE.toSeconds() + "s")));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private HttpResponse<String> post(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    private static String tokenOf(JsonNode receipt) {
        return new BigInteger(receipt.get("logs").get(0).get("topics").get(1).asText().substring(2), 16).toString();
    }

    private static Map<String, JsonNode> byCid(JsonNode cids) {
        Map<String, JsonNode> out = new HashMap<>();
        cids.forEach(c -> out.put(c.get("cid").asText(), c));
        return out;
    }

    private Cid document(int n, String body) {
        Cid cid = TestCids.raw(8_000_000 + n);
        system.simulator().putContent(cid, body.getBytes(StandardCharsets.UTF_8));
        return cid;
    }

    @Test
    void orphanedMintsAreFlaggedAndOnlyContentNothingLiveUsesIsReleasedAfterTheGrace() throws Exception {
        Ganache chain = system.ganache().orElseThrow();
        String contract = system.chainContract().orElseThrow();
        Cid image = TestCids.raw(8_000_100);
        system.simulator().putContent(image, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        Cid orphanedMeta = document(1, "{\"name\":\"gone\",\"image\":\"ipfs://" + image + "\"}");
        Cid shared = document(2, "{\"name\":\"shared\"}");
        Cid canonical = document(3, "{\"name\":\"canonical\"}");

        String snapshot = chain.snapshot();
        String tokenA = tokenOf(chain.mint(contract, "ipfs://" + orphanedMeta));
        String tokenB = tokenOf(chain.mint(contract, "ipfs://" + shared));
        chain.mine(1);
        post("/admin/reconcile");
        assertTrue(system.simulator().truth(orphanedMeta).isPresent() && system.simulator().truth(image).isPresent()
                && system.simulator().truth(shared).isPresent(), "both confirmed mints and the image are pinned");

        chain.revert(snapshot); // two confirmed blocks replaced: deeper than CONFIRMATIONS (1)
        assertEquals(tokenA, tokenOf(chain.mint(contract, "ipfs://" + shared)));
        assertEquals(tokenB, tokenOf(chain.mint(contract, "ipfs://" + canonical)));
        chain.mine(3);
        post("/admin/reconcile");

        Map<String, JsonNode> a = byCid(get("/status/tokens/" + tokenA).get("cids"));
        assertTrue(a.get(orphanedMeta.toString()).get("orphaned").asBoolean(), a.toString());
        assertEquals("deep_reorg", a.get(orphanedMeta.toString()).get("orphan_reason").asText());
        assertEquals("orphaned", a.get(orphanedMeta.toString()).get("status").asText(), "not shown as pinned");
        assertTrue(a.get(image.toString()).get("orphaned").asBoolean(), "the image its orphaned metadata referenced");
        assertFalse(a.get(shared.toString()).get("orphaned").asBoolean(), "token A's canonical mint");
        Map<String, JsonNode> b = byCid(get("/status/tokens/" + tokenB).get("cids"));
        assertTrue(b.get(shared.toString()).get("orphaned").asBoolean(), "token B's orphaned mint of the shared CID");
        assertFalse(b.get(canonical.toString()).get("orphaned").asBoolean());

        JsonNode held = get("/status/cids/" + orphanedMeta);
        assertTrue(held.get("held_only_by_orphaned_mints").asBoolean(), held.toString());
        Instant releaseAfter = Instant.parse(held.get("release").get("release_after").asText());
        assertFalse(get("/status/cids/" + shared).get("held_only_by_orphaned_mints").asBoolean(), "token A's canonical mint uses it");

        post("/admin/drain");
        assertTrue(system.simulator().truth(orphanedMeta).isPresent(), "kept within the grace: a mint may still come back");
        // The grace runs on the system's wall clock: drain until the release happens, then check it was not early.
        Await.until(Duration.between(Instant.now(), releaseAfter).plusSeconds(30), Duration.ofMillis(250),
                () -> orphanedMeta + " released by a drain after " + releaseAfter, () -> {
                    post("/admin/drain");
                    return system.simulator().truth(orphanedMeta).isEmpty();
                });
        assertFalse(Instant.now().isBefore(releaseAfter), "content only the orphaned mint used is unpinned, and not before its grace ends");
        assertTrue(system.simulator().truth(image).isEmpty(), "and the image only it referenced");
        assertTrue(system.simulator().truth(shared).isPresent(), "a CID a live token uses is never released");
        assertTrue(system.simulator().truth(canonical).isPresent());
        JsonNode released = get("/status/cids/" + orphanedMeta);
        assertEquals("released", released.get("status").asText());
        assertEquals("released", released.get("release").get("state").asText());

        post("/admin/sweep");
        JsonNode reorgs = get("/status").get("reorgs");
        assertEquals(2, reorgs.get("orphaned_mints").asLong(), reorgs.toString());
        assertEquals(2, reorgs.get("deep_reorg").asLong());
        assertEquals(2, reorgs.get("released").asLong());
        assertEquals(0, reorgs.get("awaiting_release").asLong());
    }
}
