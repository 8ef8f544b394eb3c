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
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.Test;

/**
 * A pin that never completes — the cluster goes from pinning to pin_error, as for content no peer can fetch — raises
 * a failure event and a recover, though it was never healthy. Before, events fired only on healthy/unhealthy
 * transitions, so such a pin failed silently.
 */
class PinErrorEventIT {

    private static final Cid CONTENT = Cid.parse("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPinThatErrorsBeforeItWasEverHealthyIsAFailureEventAndIsRecovered() throws Exception {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ofSeconds(30), Duration.ZERO,
                Map.of()).with(clock, new PrintStream(new ByteArrayOutputStream())))) {
            String body = Deliveries.body("alchemy", List.of(Deliveries.Mint.of(9, "ipfs://" + CONTENT)));
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            Deliveries.signedHeaders("alchemy", body, clock.instant().getEpochSecond()).forEach(post::header);
            assertEquals(200, http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            system.sweep().run("while pinning");

            system.simulator().pinError(CONTENT, "eu-1", "context deadline exceeded");
            clock.advance(Duration.ofSeconds(10));
            system.sweep().run("after the error");

            JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            boolean event = false;
            for (JsonNode e : status.path("failure_events")) {
                event |= e.path("kind").asText().equals("cid_errored") && e.path("subject").asText().equals(CONTENT.toString());
            }
            assertTrue(event, "a failure event names the CID: " + status.path("failure_events"));
            JsonNode lookup = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/cids/" + CONTENT))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            boolean recovered = false;
            for (JsonNode op : lookup.path("history")) {
                recovered |= op.path("op").asText().equals("recover");
            }
            assertTrue(recovered, "the sweep tried a recover: " + lookup.path("history"));
        }
    }
}
