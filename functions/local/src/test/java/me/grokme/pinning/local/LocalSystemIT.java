package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local runner's parts on free ports: gateway, simulator, DynamoDB Local, and the event mapping. */
class LocalSystemIT {

    private static LocalSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ofMillis(100), Duration.ZERO, Map.of()));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void gatewayReportsItsComponents() throws Exception {
        HttpResponse<String> r = get(system.gateway().baseUrl() + "/local/health");
        assertEquals(200, r.statusCode());
        JsonNode body = json.readTree(r.body());
        assertEquals("ok", body.get("status").asText());
        assertEquals(system.simulator().baseUrl().toString(), body.get("cluster_simulator").asText());
    }

    @Test
    void simulatorRunsThreePeersInThreeRegions() throws Exception {
        String sim = system.simulator().baseUrl().toString();
        assertEquals(3, get(sim + "/peers").body().strip().split("\n").length);
        Set<String> regions = new HashSet<>();
        json.readTree(get(sim + "/monitor/metrics/tag:region").body()).forEach(m -> regions.add(m.get("value").asText()));
        assertEquals(Set.of("eu", "us", "asia"), regions);
    }

    @Test
    void dynamoDbLocalHoldsTheLedgerTable() {
        assertEquals(java.util.List.of(LocalSystem.LEDGER_TABLE), system.dynamoDb().listTables().tableNames());
    }

    @Test
    void theSampleAlchemyDeliveryPinsThroughTheLocalWebhookRoute() throws Exception {
        java.nio.file.Path sample = java.nio.file.Path.of("../../events/webhook-alchemy.json");
        JsonNode event = json.readTree(sample.toFile());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                .POST(HttpRequest.BodyPublishers.ofString(event.get("body").asText()));
        event.get("headers").fields().forEachRemaining(h -> post.header(h.getKey(), h.getValue().asText()));
        HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("pinned", json.readTree(r.body()).get("logs").get(0).get("outcome").asText());
        assertTrue(system.simulator().truth(me.grokme.pinning.cid.Cid.parse("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u")).isPresent());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                .header("content-type", "application/json").header("x-alchemy-signature", "00")
                .POST(HttpRequest.BodyPublishers.ofString(event.get("body").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode());
    }

    @Test
    void requestsBecomePayload2EventsAndResponsesComeBack() throws Exception {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        system.gateway().route("POST", "/echo/{name}", event -> {
            seen.set(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                    .withHeaders(Map.of("content-type", "text/plain", "x-echo", event.getPathParameters().get("name")))
                    .withBody(event.getBody()).withIsBase64Encoded(event.getIsBase64Encoded()).build();
        });
        byte[] binary = {0, 1, 2, (byte) 255};
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/echo/al%20ice?a=1&b=x%2By&a=2"))
                .header("Content-Type", "application/octet-stream").header("X-Thing", "v1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(201, r.statusCode());
        assertEquals("al ice", r.headers().firstValue("x-echo").orElseThrow());
        assertTrue(java.util.Arrays.equals(binary, r.body()));
        APIGatewayV2HTTPEvent e = seen.get();
        assertEquals("2.0", e.getVersion());
        assertEquals("POST /echo/{name}", e.getRouteKey());
        assertEquals("/echo/al%20ice", e.getRawPath());
        assertEquals("a=1&b=x%2By&a=2", e.getRawQueryString());
        assertEquals(Map.of("a", "1,2", "b", "x+y"), e.getQueryStringParameters());
        assertEquals("v1", e.getHeaders().get("x-thing"));
        assertTrue(e.getIsBase64Encoded());
        assertEquals(Base64.getEncoder().encodeToString(binary), e.getBody());
        assertEquals("POST", e.getRequestContext().getHttp().getMethod());
        assertEquals("$default", e.getRequestContext().getStage());
        assertTrue(e.getRequestContext().getRequestId().length() > 10);
    }

    @Test
    void aGzippedQuickNodeDeliveryReachesTheWebhookAsApiGatewayPassesIt() throws Exception {
        JsonNode sample = json.readTree(java.nio.file.Path.of("../../events/webhook-quicknode.json").toFile());
        byte[] payload = sample.get("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String nonce = "6a3f1c2e9b7d4f08";
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond()); // the sample's own is outside the replay window
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("qnsec_grokme_test_token".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((nonce + timestamp).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String signature = java.util.HexFormat.of().formatHex(mac.doFinal(payload)); // over the uncompressed JSON, as QuickNode signs
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(payload);
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/quicknode"))
                .header("content-type", "application/json").header("content-encoding", "gzip").header("x-qn-nonce", nonce)
                .header("x-qn-timestamp", timestamp).header("x-qn-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 202, r.statusCode() + " " + r.body());
        JsonNode log = json.readTree(r.body()).get("logs").get(0);
        assertTrue(Set.of("pinned", "accepted", "duplicate").contains(log.get("outcome").asText()), r.body());
    }

    @Test
    void bodiesArePassedAsTextOnlyForTextMediaTypesWithoutAContentCoding() throws Exception {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        system.gateway().route("POST", "/seen", event -> {
            seen.set(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
        });
        byte[] body = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Boolean> asText = Map.of("application/json", true, "application/json; charset=utf-8", true, "TEXT/plain", true,
                "application/xml", true, "application/x-www-form-urlencoded", false, "application/json-seq", false, "image/png", false);
        for (Map.Entry<String, Boolean> c : asText.entrySet()) {
            for (String coding : new String[] {null, "identity", "gzip", "br"}) {
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/seen")).header("content-type", c.getKey())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (coding != null) {
                    post.header("content-encoding", coding);
                }
                assertEquals(204, http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                boolean text = c.getValue() && (coding == null || coding.equals("identity"));
                String what = c.getKey() + " / " + coding;
                assertEquals(!text, seen.get().getIsBase64Encoded(), what);
                assertEquals(text ? "{\"a\":1}" : Base64.getEncoder().encodeToString(body), seen.get().getBody(), what);
            }
        }
    }

    @Test
    void aSweepRunsOnDemandAndRecordsTheDashboard() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/admin/sweep"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        // An operator's sweep drains the pending pins first (forced), then sweeps: one line each.
        assertTrue(r.body().startsWith("drained "), r.body());
        assertTrue(r.body().lines().anyMatch(l -> l.startsWith("swept ")), r.body());
        assertTrue(system.dynamoDb().getItem(g -> g.tableName(LocalSystem.LEDGER_TABLE).key(Map.of(
                "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("SUMMARY"),
                "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CURRENT")))).hasItem());
    }

    @Test
    void unknownRoutesAnswer404LikeApiGateway() throws Exception {
        HttpResponse<String> r = get(system.gateway().baseUrl() + "/nothing/here");
        assertEquals(404, r.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", r.body());
    }

    @Test
    void aFailingHandlerIsAn500WithoutDetails() throws Exception {
        system.gateway().route("GET", "/boom", event -> {
            throw new IllegalStateException("secret internal detail");
        });
        HttpResponse<String> r = get(system.gateway().baseUrl() + "/boom");
        assertEquals(500, r.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", r.body());
    }

    @Test
    void flagsAreValidatedWithMessagesNamingTheFlag() {
        LocalSystem.Options o = LocalRunner.parse(new String[] {"--port", "0", "--peers", "5"}, Map.of());
        assertEquals(0, o.gatewayPort());
        assertEquals(5, o.peers());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LocalRunner.parse(new String[] {"--peers", "0"}, Map.of()));
        assertTrue(e.getMessage().contains("--peers"));
    }
}
