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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.submit.PinSubmitter;
import me.grokme.pinning.sweep.SweepReport;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.Test;

/**
 * A backlog deferred by a cluster outage, through the local runner's routes in simulated time: an operator's
 * {@code POST /admin/sweep} (or {@code /admin/drain}) within a minute of the cluster's return pins all of it, whatever
 * back-off the outage left and whatever the sweep's repair budget; a pin the cluster keeps refusing ends in the
 * dead letter, which the CID route shows with a reason.
 */
class BacklogDrainIT {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));

    private String eventOf(String logLine) {
        try {
            return json.readTree(logLine).path("event").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("a log line that is not JSON: " + logLine, e);
        }
    }

    private LocalSystem start() {
        return LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ofSeconds(5), Duration.ZERO,
                Map.of("MAX_REPAIRS_PER_SWEEP", "20")).with(clock, new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> post(LocalSystem system, String path, String provider, String body) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (provider != null) {
            Deliveries.signedHeaders(provider, body, clock.instant().getEpochSecond()).forEach(post::header);
        }
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int mint(LocalSystem system, int token) throws Exception {
        String body = Deliveries.body("logs", List.of(new Deliveries.Mint(Deliveries.CONTRACT, token, "ipfs://" + TestCids.raw(token),
                Deliveries.tx(token), 0, 21_000_000 + token, false)));
        return post(system, "/webhooks/logs", "logs", body).statusCode();
    }

    @Test
    void aBacklogDeferredByAnOutageIsPinnedByTheFirstSweepAnOperatorRunsAfterTheClusterReturns() throws Exception {
        try (LocalSystem system = start()) {
            ClusterSimulator sim = system.simulator();
            sim.failNext(Integer.MAX_VALUE, 503, "/"); // the cluster (behind its proxy) is down
            for (int t = 1; t <= 100; t++) {
                assertEquals(202, mint(system, t), "accepted, left pending");
            }
            clock.advance(Duration.ofMinutes(2));
            SweepReport.Completed during = (SweepReport.Completed) system.sweep().run("during-outage");
            assertTrue(during.failedSteps().stream().noneMatch(f -> f.step().equals("submit_pending")), during.failedSteps().toString());
            clock.advance(Duration.ofMinutes(8));
            sim.clearFaults(); // the cluster returns
            clock.advance(Duration.ofSeconds(30));
            HttpResponse<String> sweep = post(system, "/admin/sweep", null, "");
            assertEquals(200, sweep.statusCode(), sweep.body());
            Map<String, Long> counts = system.ledgerCounts();
            assertEquals(100L, counts.getOrDefault("pin_submitted", 0L) + counts.getOrDefault("pin_pinned", 0L),
                    "every deferred pin handed to the cluster within a minute of its return: " + counts);
            assertEquals(100L, sim.requestCount("POST", "/pins/ipfs/{path}"), "each once");
        }
    }

    @Test
    void aPinTheClusterKeepsRefusingIsDeadLetteredAndTheCidRouteSaysWhy() throws Exception {
        try (LocalSystem system = start()) {
            ClusterSimulator sim = system.simulator();
            sim.failNext(1, 500, "/pins/ipfs/");
            assertEquals(202, mint(system, 7));
            for (int forced = 1; forced < 8; forced++) { // the webhook's attempt was the first refusal
                sim.failNext(1, 500, "/pins/ipfs/");
                assertEquals(200, post(system, "/admin/drain", null, "").statusCode());
            }
            JsonNode cid = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status/cids/"
                    + TestCids.raw(7))).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("failed", cid.get("status").asText(), cid.toString());
            assertTrue(cid.get("reason").asText().startsWith("the cluster refused to pin this CID 8 times"), cid.toString());
            assertEquals(Map.of("pin_failed", 1L), Map.of("pin_failed", system.ledgerCounts().getOrDefault("pin_failed", 0L)));
            assertEquals(0, sim.pinCount(), "never pinned");
            assertEquals(1, logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
                    .map(this::eventOf).filter(PinSubmitter.DEAD_LETTER_EVENT::equals).count(),
                    "one log line the stack's metric filters count for the dead-letter alarm");
            system.sweep().run("after-dead-letter");
            JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1, status.at("/pins/failed").asLong(), status.get("pins").toString());
            assertEquals(1, status.at("/pins/not_yet_safe").asLong(), "a dead-lettered pin is not safe");
            assertEquals("1 pin(s) the cluster refused, waiting for an operator", status.at("/status/description").asText());
        }
    }
}
