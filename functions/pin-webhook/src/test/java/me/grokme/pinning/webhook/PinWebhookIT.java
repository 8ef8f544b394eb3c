package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FailingDynamoDb;
import me.grokme.pinning.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The webhook end to end in-process: real DynamoDB Local, the cluster simulator over loopback HTTP. */
class PinWebhookIT {

    private static final String CID_42 = "bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u";
    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private ClusterSimulator sim;
    private FailingDynamoDb dynamo;
    private String table;
    private DynamoDbLedger ledger;
    private PinWebhookHandler handler;

    @BeforeEach
    void setUp() {
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(3).withBasicAuth("pinner", "cluster-pw-123"));
        table = DynamoDbLocal.newLedgerTable();
        dynamo = new FailingDynamoDb(DynamoDbLocal.client());
        ledger = new DynamoDbLedger(dynamo, table, clock);
        Map<String, String> env = new HashMap<>(Deliveries.environment(table, sim.baseUrl().toString()));
        env.put("CLUSTER_CREDENTIALS", "plain:pinner:cluster-pw-123");
        handler = handlerFor(env);
    }

    private PinWebhookHandler handlerFor(Map<String, String> env) {
        WebhookConfig config = WebhookConfig.fromEnvironment(env);
        return new PinWebhookHandler(PinWebhookApp.builder(config, ledger, SecretResolver.plainOnly())
                .clock(clock).logs(new PrintStream(logs, true, StandardCharsets.UTF_8)).build());
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private APIGatewayV2HTTPResponse send(String provider, List<Deliveries.Mint> mints) {
        String body = Deliveries.body(provider, mints);
        return handler.handleRequest(Deliveries.event(provider, Deliveries.signedHeaders(provider, body, Deliveries.SAMPLE_TIMESTAMP), body), null);
    }

    private JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
        return json.readTree(r.getBody());
    }

    private long items() {
        return DynamoDbLocal.client().scan(s -> s.tableName(table)).count();
    }

    private long pinPosts() {
        return sim.requestCount("POST", "/pins/ipfs/{path}");
    }

    @ParameterizedTest
    @MethodSource("me.grokme.pinning.webhook.Deliveries#providers")
    void aSignedMintIsRecordedThenPinnedWithNameReplicationAndMetadata(String provider) throws Exception {
        APIGatewayV2HTTPResponse r = send(provider, List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode log = body(r).get("logs").get(0);
        assertEquals("pinned", log.get("outcome").asText());
        assertEquals("42", log.get("token_id").asText());
        assertEquals(CID_42, log.get("cid").asText());
        assertEquals(PinState.SUBMITTED, ledger.findPin(CID_42).orElseThrow().state());
        ClusterSimulator.PinTruth truth = sim.truth(Cid.parse(CID_42)).orElseThrow();
        assertEquals("genesis-42", truth.name());
        assertEquals(3, truth.replicationMin());
        assertEquals(3, truth.allocatedPeers().size());
        JsonNode allocation = json.readTree(new java.net.URL(sim.baseUrl() + "/allocations/" + CID_42).openConnection() instanceof java.net.HttpURLConnection c
                ? withAuth(c) : "{}");
        assertEquals("42", allocation.get("metadata").get("tokenId").asText());
        assertEquals("genesis", allocation.get("metadata").get("capsule").asText());
        assertEquals(Deliveries.Mint.of(42, "").txHash(), allocation.get("metadata").get("txHash").asText());
        assertEquals(5, allocation.get("replication_factor_max").asInt());
    }

    private static String withAuth(java.net.HttpURLConnection c) throws java.io.IOException {
        c.setRequestProperty("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                "pinner:cluster-pw-123".getBytes(StandardCharsets.UTF_8)));
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("me.grokme.pinning.webhook.Deliveries#providers")
    void aForgedSignatureIs401AndWritesNothing(String provider) throws Exception {
        String body = Deliveries.body(provider, List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        Map<String, String> headers = Deliveries.signedHeaders(provider, body, Deliveries.SAMPLE_TIMESTAMP);
        String tampered = body.replace("\"0x" , "\"0X");
        APIGatewayV2HTTPResponse r = handler.handleRequest(Deliveries.event(provider, headers, tampered), null);
        assertEquals(401, r.getStatusCode());
        assertEquals("unauthorized", body(r).get("error").asText());
        assertEquals(0, items());
        assertEquals(0, pinPosts());
    }

    @Test
    void aRedeliveryIsADuplicateAndPinsNothingTwice() throws Exception {
        send("alchemy", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        APIGatewayV2HTTPResponse again = send("alchemy", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        assertEquals(200, again.getStatusCode());
        assertEquals("duplicate", body(again).get("logs").get(0).get("outcome").asText());
        assertEquals(1, pinPosts());
        APIGatewayV2HTTPResponse viaOther = send("moralis", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        assertEquals("duplicate", body(viaOther).get("logs").get(0).get("outcome").asText(), "same log through another indexer");
        assertEquals(1, pinPosts());
    }

    @Test
    void moralisUnconfirmedThenConfirmedPinsOnce() throws Exception {
        Deliveries.Mint mint = Deliveries.Mint.of(5, "ipfs://" + CID_42);
        for (boolean confirmed : new boolean[] {false, true}) {
            String body = Deliveries.moralisBody(List.of(mint), confirmed);
            handler.handleRequest(Deliveries.event("moralis", Deliveries.signedHeaders("moralis", body, 0), body), null);
        }
        assertEquals(1, pinPosts());
    }

    @Test
    void aReorgedLogIsRecordedAndNeverPinnedAndALaterCanonicalLogPins() throws Exception {
        Deliveries.Mint mint = Deliveries.Mint.of(77, "ipfs://" + CID_42);
        APIGatewayV2HTTPResponse removed = send("quicknode", List.of(mint.removedByReorg()));
        assertEquals("reorged", body(removed).get("logs").get(0).get("outcome").asText());
        assertEquals(0, pinPosts());
        assertTrue(ledger.findPin(CID_42).isEmpty());
        APIGatewayV2HTTPResponse canonical = send("quicknode", List.of(mint));
        assertEquals("pinned", body(canonical).get("logs").get(0).get("outcome").asText());
        assertEquals(1, pinPosts());
    }

    @Test
    void aRemovedDeliveryOfAPinnedMintFlagsItOnItsTokenAndQueuesItsContentForRelease() throws Exception {
        // Issue 14: a signed removed: true delivery for a mint already pinned changed nothing visible.
        Deliveries.Mint mint = Deliveries.Mint.of(78, "ipfs://" + CID_42);
        assertEquals("pinned", body(send("quicknode", List.of(mint))).get("logs").get(0).get("outcome").asText());
        assertEquals("reorged", body(send("quicknode", List.of(mint.removedByReorg()))).get("logs").get(0).get("outcome").asText());
        var orphaned = new me.grokme.pinning.ledger.DynamoDbStatusQueries(DynamoDbLocal.client(), table).orphanedLinks(new me.grokme.pinning.ledger.TokenRef("genesis", "78"));
        assertEquals(me.grokme.pinning.ledger.ReorgReason.REMOVED_BY_PROVIDER, orphaned.get(CID_42).reason(), orphaned.toString());
        assertEquals(List.of(CID_42), ledger.releaseDue(clock.instant(), 10).stream().map(me.grokme.pinning.ledger.ReleaseCandidate::cid).toList(),
                "nothing live uses the content any more: released after the grace");
        assertEquals(1L, ledger.failureCounts().get("orphaned_mints_removed_by_provider"));
    }

    @Test
    void foreignContractsAreIgnoredAndBadUrisRejectedWithoutFailingTheRest() throws Exception {
        APIGatewayV2HTTPResponse r = send("logs", List.of(
                Deliveries.Mint.of(1, "ipfs://" + CID_42).at("0x" + "22".repeat(20)),
                Deliveries.Mint.of(2, "ar://bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U"),
                Deliveries.Mint.of(3, "ipfs://../../peers"),
                Deliveries.Mint.of(4, "https://ipfs.io/ipfs/" + CID_42 + "/4.json")));
        assertEquals(200, r.getStatusCode());
        JsonNode out = body(r).get("logs");
        assertEquals("ignored", out.get(0).get("outcome").asText());
        assertEquals("rejected", out.get(1).get("outcome").asText());
        assertTrue(out.get(1).get("reason").asText().contains("Arweave"));
        assertEquals("rejected", out.get(2).get("outcome").asText());
        assertEquals("pinned", out.get(3).get("outcome").asText());
        assertEquals(1, pinPosts());
        assertEquals(1, body(r).get("summary").get("ignored").asInt());
        Map<String, AttributeValue> rejected = DynamoDbLocal.client().getItem(g -> g.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS(new me.grokme.pinning.ledger.LogKey(1, Deliveries.tx(2), 17).partitionKey()),
                "SK", AttributeValue.fromS("LOG")))).item();
        assertEquals("REJECTED", rejected.get("outcome").s());
    }

    @Test
    void theSameCidFromTwoTokensIsOnePinWithBothTokens() throws Exception {
        send("logs", List.of(Deliveries.Mint.of(10, "ipfs://" + CID_42), Deliveries.Mint.of(11, "ipfs://" + CID_42)));
        assertEquals(1, pinPosts());
        PinRequest pin = ledger.findPin(CID_42).orElseThrow();
        assertEquals(java.util.Set.of("10", "11"), pin.tokenIds());
    }

    @Test
    void aLaterTokenOnACidAlreadyWithTheClusterJoinsItsRequestWithoutRenamingOrResendingThePin() throws Exception {
        send("logs", List.of(Deliveries.Mint.of(10, "ipfs://" + CID_42)));
        assertEquals(1, pinPosts());
        APIGatewayV2HTTPResponse r = send("logs", List.of(Deliveries.Mint.of(11, "ipfs://" + CID_42)));
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("pinned", body(r).get("logs").get(0).get("outcome").asText(), "the CID is with the cluster already");
        assertEquals(1, pinPosts(), "no second POST for a CID the cluster already has");
        assertEquals("genesis-10", sim.truth(Cid.parse(CID_42)).orElseThrow().name(), "the pin keeps its first token's name");
        assertEquals(java.util.Set.of("10", "11"), ledger.findPin(CID_42).orElseThrow().tokenIds());
    }

    @Test
    void aLaterTokenOnACidStillWaitingForTheClusterRetriesItUnderTheFirstTokensName() throws Exception {
        sim.failNext(10, 503, "/pins");
        assertEquals(202, send("logs", List.of(Deliveries.Mint.of(10, "ipfs://" + CID_42))).getStatusCode());
        assertEquals(PinState.PENDING, ledger.findPin(CID_42).orElseThrow().state());
        sim.clearFaults();
        APIGatewayV2HTTPResponse r = send("logs", List.of(Deliveries.Mint.of(11, "ipfs://" + CID_42)));
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("pinned", body(r).get("logs").get(0).get("outcome").asText());
        assertEquals("genesis-10", sim.truth(Cid.parse(CID_42)).orElseThrow().name());
        assertEquals(PinState.SUBMITTED, ledger.findPin(CID_42).orElseThrow().state());
    }

    /** Every body delivered at once ("logs" provider), each from its own thread, released together. */
    private List<APIGatewayV2HTTPResponse> deliverAtOnce(List<String> bodies) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<APIGatewayV2HTTPResponse>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(bodies.size())) {
            for (String body : bodies) {
                running.add(pool.submit(() -> {
                    go.await();
                    return handler.handleRequest(Deliveries.event("logs", Deliveries.signedHeaders("logs", body, Deliveries.SAMPLE_TIMESTAMP),
                            body), null);
                }));
            }
            go.countDown();
            List<APIGatewayV2HTTPResponse> out = new ArrayList<>();
            for (Future<APIGatewayV2HTTPResponse> f : running) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        }
    }

    /** "submit ok" entries in the CID's public history. */
    private long submitOk(String cid) {
        return DynamoDbLocal.client().query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :op)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("CID#" + cid), ":op", AttributeValue.fromS("OP#"))))
                .items().stream().filter(i -> i.get("kind").s().equals("submit") && i.get("result").s().equals("ok")).count();
    }

    @Test
    void fiveIdenticalDeliveriesAtOnceSendThePinOnce() throws Exception {
        // Issue 13 #3: each delivery read the request, saw PENDING and sent it. A slow cluster keeps the first
        // POST in flight while the others arrive.
        sim.slowResponses(Duration.ofMillis(300));
        String body = Deliveries.body("logs", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));

        List<APIGatewayV2HTTPResponse> responses = deliverAtOnce(Collections.nCopies(5, body));

        responses.forEach(r -> assertEquals(200, r.getStatusCode(), r.getBody()));
        assertEquals(1, pinPosts(), "exactly one POST /pins");
        assertEquals(1, submitOk(CID_42), "exactly one 'submit ok' in the history");
        assertEquals(PinState.SUBMITTED, ledger.findPin(CID_42).orElseThrow().state());
    }

    @Test
    void fiveMintsOfOneCidAtOnceSendItOnceUnderOneTokensNameAndMetadata() throws Exception {
        sim.slowResponses(Duration.ofMillis(300));
        List<String> bodies = new ArrayList<>();
        for (long token = 50; token < 55; token++) {
            bodies.add(Deliveries.body("logs", List.of(Deliveries.Mint.of(token, "ipfs://" + CID_42))));
        }

        List<APIGatewayV2HTTPResponse> responses = deliverAtOnce(bodies);

        responses.forEach(r -> assertEquals(200, r.getStatusCode(), r.getBody()));
        assertEquals(1, pinPosts(), "exactly one POST /pins");
        assertEquals(1, submitOk(CID_42));
        PinRequest request = ledger.findPin(CID_42).orElseThrow();
        assertEquals(java.util.Set.of("50", "51", "52", "53", "54"), request.tokenIds());
        String name = sim.truth(Cid.parse(CID_42)).orElseThrow().name();
        assertEquals(request.clusterName(), name);
        String token = name.substring("genesis-".length());
        JsonNode allocation = json.readTree(new java.net.URL(sim.baseUrl() + "/allocations/" + CID_42).openConnection() instanceof java.net.HttpURLConnection c
                ? withAuth(c) : "{}");
        assertEquals(token, allocation.get("metadata").get("tokenId").asText(), "meta-tokenId is the named token's");
        assertEquals(Deliveries.tx(Long.parseLong(token)), allocation.get("metadata").get("txHash").asText(), "and so is meta-txHash");
    }

    @Test
    void whenTheClusterIsDownTheMintIsAcknowledgedWith202AndStaysPending() throws Exception {
        sim.failNext(10, 503, "/pins");
        APIGatewayV2HTTPResponse r = send("alchemy", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42),
                Deliveries.Mint.of(43, "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")));
        assertEquals(202, r.getStatusCode());
        assertEquals("accepted", body(r).get("logs").get(0).get("outcome").asText());
        assertEquals("accepted", body(r).get("logs").get(1).get("outcome").asText());
        PinRequest pin = ledger.findPin(CID_42).orElseThrow();
        assertEquals(PinState.PENDING, pin.state());
        assertEquals(1, pin.attempts());
        assertTrue(pin.lastError().contains("503"), pin.lastError());
        assertEquals(0, ledger.findPin("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi").orElseThrow().attempts(),
                "after the first failure the rest is left to the sweep, untried");
        assertEquals(List.of("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
                ledger.pendingDue(clock.instant(), 10).stream().map(PinRequest::cid).toList(),
                "the untried one is due now; the failed one is scheduled later");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(2, ledger.pendingDue(clock.instant(), 10).size(), "the sweep will find both");
    }

    @Test
    void anUnreachableClusterIs202Too() throws Exception {
        sim.close();
        APIGatewayV2HTTPResponse r = send("alchemy", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        assertEquals(202, r.getStatusCode());
        assertEquals(PinState.PENDING, ledger.findPin(CID_42).orElseThrow().state());
    }

    @Test
    void whenTheLedgerIsDownTheAnswerIs503AndNothingIsPinned() throws Exception {
        dynamo.failNextWrites(5);
        APIGatewayV2HTTPResponse r = send("alchemy", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        assertEquals(503, r.getStatusCode());
        assertEquals("5", r.getHeaders().get("retry-after"));
        assertEquals(0, pinPosts());
        assertEquals(0, items());
    }

    @Test
    void oversizeMalformedWrongTypeAndUnknownProviderGetClearErrors() throws Exception {
        String big = "[" + "0".repeat(2 << 20) + "]";
        APIGatewayV2HTTPResponse tooBig = handler.handleRequest(Deliveries.event("logs",
                Deliveries.signedHeaders("logs", big, Deliveries.SAMPLE_TIMESTAMP), big), null);
        assertEquals(413, tooBig.getStatusCode());

        String broken = "{\"event\": [";
        APIGatewayV2HTTPResponse malformed = handler.handleRequest(Deliveries.event("alchemy",
                Deliveries.signedHeaders("alchemy", broken, 0), broken), null);
        assertEquals(400, malformed.getStatusCode());
        assertTrue(body(malformed).get("message").asText().contains("not valid JSON"));

        String body = Deliveries.alchemyBody(List.of(Deliveries.Mint.of(1, "ipfs://" + CID_42)));
        Map<String, String> headers = new HashMap<>(Deliveries.signedHeaders("alchemy", body, 0));
        headers.put("content-type", "text/plain");
        APIGatewayV2HTTPResponse wrongType = handler.handleRequest(Deliveries.event("alchemy", headers, body), null);
        assertEquals(415, wrongType.getStatusCode());

        APIGatewayV2HTTPResponse unknown = handler.handleRequest(Deliveries.event("etherscan/../x",
                Deliveries.signedHeaders("alchemy", body, 0), body), null);
        assertEquals(404, unknown.getStatusCode());
        assertFalse(unknown.getBody().contains("../"));

        APIGatewayV2HTTPEvent badBase64 = Deliveries.event("alchemy", Deliveries.signedHeaders("alchemy", body, 0), "%%%");
        badBase64.setIsBase64Encoded(true);
        assertEquals(400, handler.handleRequest(badBase64, null).getStatusCode());
        assertEquals(0, items());
        assertEquals(0, pinPosts());
    }

    @Test
    void aBase64EncodedBodyIsVerifiedOverItsDecodedBytes() throws Exception {
        String body = Deliveries.alchemyBody(List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        APIGatewayV2HTTPEvent e = Deliveries.event("alchemy", Deliveries.signedHeaders("alchemy", body, 0),
                java.util.Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        e.setIsBase64Encoded(true);
        assertEquals(200, handler.handleRequest(e, null).getStatusCode());
    }

    @Test
    void logsAreJsonLinesWithContextAndNeverContainSecrets() throws Exception {
        send("alchemy", List.of(Deliveries.Mint.of(42, "ipfs://" + CID_42)));
        String forgedBody = Deliveries.logsBody(List.of(Deliveries.Mint.of(9, "ipfs://" + CID_42)));
        handler.handleRequest(Deliveries.event("logs", Map.of("content-type", "application/json", "x-grokme-timestamp",
                Long.toString(Deliveries.SAMPLE_TIMESTAMP), "x-grokme-signature", "00"), forgedBody), null);
        String out = logs.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(Deliveries.ALCHEMY_KEY, Deliveries.QUICKNODE_TOKEN, Deliveries.MORALIS_SECRET, Deliveries.LOGS_SECRET,
                "cluster-pw-123")) {
            assertFalse(out.contains(secret), "a secret leaked into the logs");
        }
        boolean sawPin = false;
        for (String line : out.split("\n")) {
            JsonNode n = json.readTree(line);
            if (n.has("_aws")) {
                continue;
            }
            assertTrue(n.has("timestamp") && n.has("level") && n.has("message") && n.has("request_id"), line);
            if (n.get("message").asText().equals("pin submitted to the cluster")) {
                sawPin = true;
                assertEquals(CID_42, n.get("cid").asText());
                assertEquals("42", n.get("token_id").asText());
            }
        }
        assertTrue(sawPin);
        assertTrue(out.contains("\"CloudWatchMetrics\""), "EMF metrics line emitted");
    }

    @Test
    void configurationErrorsNameEveryBadVariable() {
        me.grokme.pinning.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                me.grokme.pinning.config.ConfigException.class, () -> WebhookConfig.fromEnvironment(Map.of(
                        "CLUSTER_URL", "ftp://x", "CONTRACT_ADDRESSES", "0x12", "REPLICATION_MIN", "6", "REPLICATION_MAX", "5",
                        "ALCHEMY_SIGNING_KEY", "topsecretvalue")));
        String m = e.getMessage();
        for (String name : List.of("LEDGER_TABLE", "CLUSTER_URL", "CONTRACT_ADDRESSES", "REPLICATION_MIN", "ALCHEMY_SIGNING_KEY")) {
            assertTrue(m.contains(name), name + " in: " + m);
        }
        assertFalse(m.contains("topsecretvalue"));
    }
}
