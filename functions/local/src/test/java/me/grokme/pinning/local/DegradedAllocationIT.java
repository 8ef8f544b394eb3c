package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.Test;

/**
 * Three peers, minimum three, one peer down past its ping: the cluster refuses every new pin outright ("not enough
 * peers to allocate CID"). A mint must still get copies now, show as under-replicated, and be raised to the
 * configured minimum once the peer is back. On the simulator in simulated time; RealClusterOutageIT does the same
 * on the real cluster.
 */
class DegradedAllocationIT {

    private static final Cid CONTENT = Cid.parse("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMintDuringAnOutageIsPinnedOnTheLivePeersAndRaisedWhenThePeerReturns() throws Exception {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ofSeconds(2), Duration.ZERO,
                Map.of()).with(clock, new PrintStream(new ByteArrayOutputStream())))) {
            ClusterSimulator sim = system.simulator();
            sim.peerDown("asia-1");
            clock.advance(Duration.ofSeconds(61)); // its ping and metrics expire: two candidates for a minimum of three

            String body = Deliveries.body("alchemy", List.of(Deliveries.Mint.of(7, "ipfs://" + CONTENT)));
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            Deliveries.signedHeaders("alchemy", body, clock.instant().getEpochSecond()).forEach(post::header);
            HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, r.statusCode(), "pinned now, not deferred: " + r.body());
            ClusterSimulator.PinTruth truth = sim.truth(CONTENT).orElseThrow();
            assertEquals(2, truth.replicationMin(), "the largest minimum the live cluster can satisfy");
            assertEquals(List.of("eu-1", "us-1"), truth.allocatedPeers().stream().sorted().toList());
            assertEquals("7", allocation(sim).path("metadata").path("tokenId").asText());

            clock.advance(Duration.ofSeconds(3));
            system.sweep().run("during");
            assertEquals("under_replicated", lookup(system).path("replication").path("state").asText(),
                    "two copies of three are shown as under-replicated, not healthy");

            sim.peerUp("asia-1");
            clock.advance(Duration.ofSeconds(16));
            system.sweep().run("raise");
            clock.advance(Duration.ofSeconds(3));
            system.sweep().run("after");
            truth = sim.truth(CONTENT).orElseThrow();
            assertEquals(3, truth.replicationMin(), "raised to the configured minimum");
            assertEquals(3, truth.allocatedPeers().size());
            assertEquals("7", allocation(sim).path("metadata").path("tokenId").asText(), "the re-pin keeps the pin's meta-*");
            JsonNode after = lookup(system);
            assertEquals("healthy", after.path("replication").path("state").asText(), after.toString());
            assertTrue(after.path("replication").path("pinned").asInt() >= 3);
        }
    }

    private JsonNode allocation(ClusterSimulator sim) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/allocations/" + CONTENT)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode lookup(LocalSystem system) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/cids/" + CONTENT))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
