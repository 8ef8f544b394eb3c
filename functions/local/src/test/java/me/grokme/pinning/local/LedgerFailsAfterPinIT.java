package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.sweep.SweepService;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FailingDynamoDb;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.webhook.Deliveries;
import me.grokme.pinning.webhook.PinWebhookApp;
import me.grokme.pinning.webhook.PinWebhookHandler;
import me.grokme.pinning.webhook.WebhookConfig;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue #8: the ledger write after the cluster accepted a pin fails (throttled), the indexer never redelivers —
 * and the health sweep, on its own, brings the ledger back in line with the cluster: nothing acknowledged
 * or half-done is lost.
 */
class LedgerFailsAfterPinIT {

    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
    private final ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock)
            .withPinDelay(Duration.ofSeconds(10)));
    private final ClusterClient cluster = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)),
            new OkHttpClient(), d -> { });
    private final String table = DynamoDbLocal.newLedgerTable();
    private final FailingDynamoDb dynamo = new FailingDynamoDb(DynamoDbLocal.client());
    private final DynamoDbLedger ledger = new DynamoDbLedger(dynamo, table, clock);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aPinWhoseLedgerUpdateFailedIsReconciledByTheSweepWithoutARedelivery() {
        PrintStream out = new PrintStream(logs, true, StandardCharsets.UTF_8);
        WebhookConfig webhookConfig = WebhookConfig.fromEnvironment(Deliveries.environment(table, sim.baseUrl().toString()));
        PinWebhookHandler webhook = new PinWebhookHandler(PinWebhookApp.builder(webhookConfig, ledger, SecretResolver.plainOnly())
                .clock(clock).logs(out).cluster(cluster).build());
        SweepService sweep = HealthSweepApp.build(SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table,
                "CLUSTER_URL", sim.baseUrl().toString(), "REPAIR_BACKOFF", "1m")), DynamoDbLocal.client(), cluster, clock, out);
        Cid cid = TestCids.raw(880_001);
        String body = Deliveries.body("alchemy", List.of(Deliveries.Mint.of(88, "ipfs://" + cid)));

        // The mint's transaction and the claim to submit go through, the cluster takes the pin, then the
        // "submitted" update is throttled.
        dynamo.failWritesAfter(2, 3);
        APIGatewayV2HTTPResponse r = webhook.handleRequest(Deliveries.event("alchemy",
                Deliveries.signedHeaders("alchemy", body, Deliveries.SAMPLE_TIMESTAMP), body), null);
        dynamo.failNextWrites(0);

        assertEquals(503, r.getStatusCode(), r.getBody()); // not acknowledged: an indexer would retry — this one never does
        assertTrue(sim.truth(cid).isPresent(), "the cluster accepted the pin");
        assertEquals(PinState.PENDING, ledger.findPin(cid.toString()).orElseThrow().state(), "the ledger did not hear of it");

        for (int i = 0; i < 3 && ledger.findPin(cid.toString()).orElseThrow().state() != PinState.PINNED; i++) {
            clock.advance(Duration.ofMinutes(5));
            sweep.run("sweep-" + i);
        }

        assertEquals(PinState.PINNED, ledger.findPin(cid.toString()).orElseThrow().state(), "the sweep reconciled the ledger");
        ClusterSimulator.PinTruth truth = sim.truth(cid).orElseThrow();
        assertEquals("genesis-88", truth.name());
        assertTrue(truth.allocatedPeers().size() >= 3, truth.toString());
        assertEquals(1, DynamoDbLocal.client().scan(s -> s.tableName(table).filterExpression("SK = :log")
                .expressionAttributeValues(Map.of(":log", AttributeValue.fromS("LOG"))))
                .count(), "one ledger entry for the mint");
        assertTrue(!logs.toString(StandardCharsets.UTF_8).contains(Deliveries.ALCHEMY_KEY), "no secret in the logs");
    }
}
