package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.clock.ManualClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample in events/ verifies with the documented secrets and pins token 42's CID. */
class SampleEventsIT {

    static Path eventsDir() {
        Path fromModule = Path.of("../../events");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("events");
    }

    @ParameterizedTest
    @MethodSource("me.grokme.pinning.webhook.Deliveries#providers")
    void theSampleDeliveryVerifiesAndPins(String provider) throws Exception {
        APIGatewayV2HTTPEvent event = SampleEvents.read(eventsDir().resolve("webhook-" + provider + ".json"));
        APIGatewayV2HTTPResponse r = deliver(event, Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
        assertPinned(r);
    }

    /** A month after the samples were signed, as `sam local invoke -e` would run them today. */
    private static final Instant LATER = Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP).plus(java.time.Duration.ofDays(30));

    @ParameterizedTest
    @MethodSource("me.grokme.pinning.webhook.Deliveries#providers")
    void binSignEventWritesTheSampleSignedNowSoItVerifiesWhenTheFileNoLongerDoes(String provider) throws Exception {
        Path sample = eventsDir().resolve("webhook-" + provider + ".json");
        boolean timestamped = provider.equals("quicknode") || provider.equals("logs");
        assertEquals(timestamped ? 401 : 200, deliver(SampleEvents.read(sample), LATER).getStatusCode(),
                "the file's own signature, a month later");
        Path signed = Files.createTempFile("signed-" + provider, ".json");
        Process p = new ProcessBuilder("python3", eventsDir().resolve("../bin/sign-event").toString(), sample.toString(),
                "--at", String.valueOf(LATER.getEpochSecond())).redirectOutput(signed.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, p.waitFor());
        assertPinned(deliver(SampleEvents.read(signed), LATER));
    }

    private static APIGatewayV2HTTPResponse deliver(APIGatewayV2HTTPEvent event, Instant now) throws Exception {
        try (ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions())) {
            String table = DynamoDbLocal.newLedgerTable();
            ManualClock clock = new ManualClock(now);
            WebhookConfig config = WebhookConfig.fromEnvironment(Deliveries.environment(table, sim.baseUrl().toString()));
            PinWebhookHandler handler = new PinWebhookHandler(PinWebhookApp.builder(config,
                    new DynamoDbLedger(DynamoDbLocal.client(), table, clock), SecretResolver.plainOnly())
                    .clock(clock).logs(new PrintStream(new ByteArrayOutputStream())).build());
            APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
            if (r.getStatusCode() == 200) {
                String cid = new ObjectMapper().readTree(r.getBody()).get("logs").get(0).get("cid").asText();
                assertTrue(sim.truth(me.grokme.pinning.cid.Cid.parse(cid)).isPresent(), "the cluster has the pin");
            }
            return r;
        }
    }

    private static void assertPinned(APIGatewayV2HTTPResponse r) throws Exception {
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode log = new ObjectMapper().readTree(r.getBody()).get("logs").get(0);
        assertEquals("pinned", log.get("outcome").asText());
        assertEquals("42", log.get("token_id").asText());
        assertEquals("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u", log.get("cid").asText());
    }

    /**
     * The ERC-4906 and ERC-2309 samples: each range is recorded as a job (answered at once, nothing read from the chain
     * and nothing pinned here; the chain reconciliation works the tokens a page at a time), and a redelivery is a duplicate.
     */
    @ParameterizedTest
    @MethodSource("me.grokme.pinning.webhook.Deliveries#providers")
    void theTokenRangeSamplesAreRecordedAsJobsForTheReconciliation(String provider) throws Exception {
        for (String sample : SampleEvents.TOKEN_EVENTS.keySet()) {
            APIGatewayV2HTTPEvent event = SampleEvents.read(eventsDir().resolve("webhook-" + provider + "-" + sample + ".json"));
            try (ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions())) {
                String table = DynamoDbLocal.newLedgerTable();
                ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
                WebhookConfig config = WebhookConfig.fromEnvironment(Deliveries.environment(table, sim.baseUrl().toString()));
                DynamoDbLedger ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
                PinWebhookHandler handler = new PinWebhookHandler(PinWebhookApp.builder(config, ledger, SecretResolver.plainOnly())
                        .clock(clock).logs(new PrintStream(new ByteArrayOutputStream())).build());
                APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
                assertEquals(200, r.getStatusCode(), r.getBody());
                JsonNode logs = new ObjectMapper().readTree(r.getBody()).get("logs");
                List<Deliveries.RawLog> expected = SampleEvents.TOKEN_EVENTS.get(sample);
                assertEquals(expected.size(), logs.size(), r.getBody());
                for (JsonNode log : logs) {
                    assertEquals("accepted", log.get("outcome").asText(), r.getBody());
                    assertTrue(log.get("reason").asText().contains("the chain reconciliation reads their tokenURI"), r.getBody());
                }
                List<me.grokme.pinning.ledger.TokenRangeJob> jobs = ledger.tokenRangesDue(clock.instant(), 10);
                assertEquals(expected.size(), jobs.size());
                assertEquals(provider, jobs.get(0).provider());
                if (sample.equals("consecutive-transfer")) {
                    assertEquals(me.grokme.pinning.ledger.TokenRangeJob.Kind.CONSECUTIVE_MINT, jobs.get(0).kind());
                    assertEquals(java.math.BigInteger.valueOf(10_000), jobs.get(0).size());
                }
                assertEquals(0, sim.requestCount("POST", "/pins/ipfs/{path}"), "no per-token work on the webhook's path");
                JsonNode again = new ObjectMapper().readTree(handler.handleRequest(event, null).getBody()).get("logs");
                assertEquals("duplicate", again.get(0).get("outcome").asText());
            }
        }
    }
}
