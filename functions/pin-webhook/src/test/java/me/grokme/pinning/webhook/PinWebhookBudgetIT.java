package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FakeLambdaContext;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook's answer time is bounded (issue 13 item 6): every log is recorded, pins are sent only within the
 * cluster time budget (and the Lambda's remaining time), the rest stay PENDING for the sweep; an oversized
 * delivery is refused before anything is written.
 */
class PinWebhookBudgetIT {

    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;
    private String table;
    private DynamoDbLedger ledger;
    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(3).withBasicAuth("pinner", "cluster-pw-123"));
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
        env = new HashMap<>(Deliveries.environment(table, sim.baseUrl().toString()));
        env.put("CLUSTER_CREDENTIALS", "plain:pinner:cluster-pw-123");
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private PinWebhookHandler handler() {
        return new PinWebhookHandler(PinWebhookApp.builder(WebhookConfig.fromEnvironment(env), ledger, SecretResolver.plainOnly())
                .clock(clock).logs(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build());
    }

    private static List<Deliveries.Mint> mints(int n) {
        List<Deliveries.Mint> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(Deliveries.Mint.of(i, "ipfs://" + TestCids.raw(i)));
        }
        return out;
    }

    private APIGatewayV2HTTPResponse send(PinWebhookHandler handler, List<Deliveries.Mint> mints, Context context) {
        String body = Deliveries.body("alchemy", mints);
        return handler.handleRequest(Deliveries.event("alchemy", Deliveries.signedHeaders("alchemy", body, Deliveries.SAMPLE_TIMESTAMP),
                body), context);
    }

    private long pinPosts() {
        return sim.requestCount("POST", "/pins/ipfs/{path}");
    }

    private long count(int n, PinState state) {
        long c = 0;
        for (int i = 1; i <= n; i++) {
            if (ledger.findPin(TestCids.raw(i).toString()).orElseThrow().state() == state) {
                c++;
            }
        }
        return c;
    }

    private long items() {
        return DynamoDbLocal.client().scan(s -> s.tableName(table)).count();
    }

    @Test
    void aSlowClusterGetsOnlyTheBudgetTheRestStaysPendingAndTheNextSweepSubmitsIt() throws Exception {
        PinWebhookHandler handler = handler(); // the default budget, 2 s
        sim.slowResponses(Duration.ofMillis(100));
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse r = send(handler, mints(50), null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // 50 calls of >= 100 ms cannot fit 2 s: some were sent, the rest left for the sweep, all recorded.
        assertEquals(202, r.getStatusCode(), r.getBody());
        JsonNode body = json.readTree(r.getBody());
        assertEquals(50, body.get("logs").size());
        long pinned = body.get("summary").path("pinned").asLong();
        long accepted = body.get("summary").path("accepted").asLong();
        assertEquals(50, pinned + accepted, r.getBody());
        assertTrue(pinned >= 1 && pinned <= 20, "calls of >= 100 ms within a 2 s budget: " + pinned);
        assertEquals(pinned, count(50, PinState.SUBMITTED));
        assertEquals(accepted, count(50, PinState.PENDING));
        assertEquals(pinned, pinPosts());
        for (JsonNode log : body.get("logs")) {
            if (log.get("outcome").asText().equals("accepted")) {
                assertTrue(log.get("reason").asText().contains("pin drain"), log.toString());
            }
        }
        // Only a safety bound: recording 50 logs on DynamoDB Local on a busy machine takes seconds by itself.
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "answered in " + took);

        sim.slowResponses(Duration.ZERO);
        sweep().run("sweep-1");
        // The sweep may also have moved the webhook's own pins on (SUBMITTED -> PINNED): count what is still waiting.
        assertEquals(0, count(50, PinState.PENDING), "the next sweep submitted what the webhook left");
        assertEquals(50, sim.pinCount(), "every CID is with the cluster");
        assertEquals(50, pinPosts(), "each CID sent once");
    }

    private me.grokme.pinning.sweep.SweepService sweep() {
        SweepConfig cfg = SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString()));
        OkHttpClusterClient client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(),
                new ClusterAuth.Basic("pinner", "cluster-pw-123"), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 0, Duration.ofMillis(10)), new OkHttpClient(), d -> { });
        return HealthSweepApp.build(cfg, DynamoDbLocal.client(), client, clock, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void moreLogsThanTheCapIs413AndWritesNothing() throws Exception {
        env.put("MAX_LOGS_PER_DELIVERY", "5");
        PinWebhookHandler handler = handler();
        APIGatewayV2HTTPResponse r = send(handler, mints(6), null);
        assertEquals(413, r.getStatusCode(), r.getBody());
        JsonNode body = json.readTree(r.getBody());
        assertEquals("payload_too_large", body.get("error").asText());
        assertTrue(body.get("message").asText().contains("MAX_LOGS_PER_DELIVERY"), r.getBody());
        assertTrue(body.get("message").asText().contains("5"), r.getBody());
        assertEquals(0, items(), "no LOG or PIN item written");
        assertEquals(0, pinPosts());

        APIGatewayV2HTTPResponse atTheCap = send(handler, mints(5), null);
        assertEquals(200, atTheCap.getStatusCode(), atTheCap.getBody());
        assertEquals(5, count(5, PinState.SUBMITTED));
    }

    @Test
    void theBudgetNeverRunsPastTheLambdasRemainingTime() throws Exception {
        // CLUSTER_TIMEOUT 3s: a call may take 6 s, so with 5 s left no call may start, whatever the budget.
        PinWebhookHandler handler = handler();
        APIGatewayV2HTTPResponse r = send(handler, mints(3), new FakeLambdaContext("pin-webhook", "req-5000", 5_000));
        assertEquals(202, r.getStatusCode(), r.getBody());
        assertEquals(3, json.readTree(r.getBody()).get("summary").path("accepted").asLong(), r.getBody());
        assertEquals(0, pinPosts());
        assertEquals(3, count(3, PinState.PENDING));
        assertEquals(3, ledger.pendingDue(clock.instant(), 10).size(), "due now: the next sweep sends them");

        // With time to spare the same handler sends them at once.
        APIGatewayV2HTTPResponse later = send(handler, mints(3), new FakeLambdaContext("pin-webhook", "req-60000", 60_000));
        assertEquals(200, later.getStatusCode(), later.getBody());
        assertEquals(3, count(3, PinState.SUBMITTED));
    }
}
