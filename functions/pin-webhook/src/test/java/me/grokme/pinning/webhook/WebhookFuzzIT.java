package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.testing.DynamoDbLocal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile deliveries against the real handler and ledger (DynamoDB Local; the cluster is unreachable, so
 * pins are deferred): only documented statuses, never a 5xx, and a 4xx never writes anything. Bodies are
 * signed correctly half of the time, so the parsers behind the signature check are reached too.
 */
class WebhookFuzzIT {

    private static final Set<Integer> DOCUMENTED = Set.of(200, 202, 400, 401, 404, 413, 415);
    private static String table;
    private static PinWebhookHandler handler;

    @BeforeContainer
    static void setUp() {
        table = DynamoDbLocal.newLedgerTable();
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
        WebhookConfig config = WebhookConfig.fromEnvironment(Deliveries.environment(table, "http://127.0.0.1:9"));
        handler = new PinWebhookHandler(PinWebhookApp.builder(config,
                new DynamoDbLedger(DynamoDbLocal.client(), table, clock), SecretResolver.plainOnly())
                .clock(clock).logs(new PrintStream(new ByteArrayOutputStream())).build());
    }

    private static long items() {
        return DynamoDbLocal.client().scan(s -> s.tableName(table).select("COUNT")).count();
    }

    @Provide
    Arbitrary<String> bodies() {
        String valid = Deliveries.logsBody(List.of(Deliveries.Mint.of(42, "ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u")));
        Arbitrary<String> mutated = Arbitraries.integers().between(0, valid.length() - 1).list().ofMinSize(1).ofMaxSize(3)
                .flatMap(pos -> Arbitraries.chars().ascii().list().ofSize(pos.size()).map(cs -> {
                    StringBuilder sb = new StringBuilder(valid);
                    for (int i = 0; i < pos.size(); i++) {
                        sb.setCharAt(pos.get(i), cs.get(i));
                    }
                    return sb.toString();
                }));
        Arbitrary<String> shapes = Arbitraries.of("", "null", "[]", "{}", "[null]", "[1,2]", "{\"event\":{}}", "{\"data\":[[{}]]}",
                "[{\"address\":\"0x\",\"topics\":\"x\"}]", "{\"chainId\":\"0x1\",\"logs\":[{}],\"block\":{\"number\":\"1\"}}",
                "[" + "[".repeat(200) + "]".repeat(200) + "]");
        return Arbitraries.oneOf(mutated, shapes, Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<Map<String, String>> headerSets() {
        return Combinators.combine(Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain", "", "APPLICATION/JSON"),
                Arbitraries.strings().ofMaxLength(80)).as((ct, junk) -> {
                    Map<String, String> h = new HashMap<>();
                    if (!ct.isEmpty()) {
                        h.put("content-type", ct);
                    }
                    h.put("x-alchemy-signature", junk);
                    h.put("x-signature", junk);
                    h.put("x-qn-nonce", junk);
                    h.put("x-qn-timestamp", junk);
                    h.put("x-grokme-timestamp", junk);
                    return h;
                });
    }

    @Property
    void hostileDeliveriesGetADocumentedAnswerAndA4xxWritesNothing(@ForAll("bodies") String body, @ForAll("headerSets") Map<String, String> junk,
            @ForAll("providers") String provider, @ForAll boolean signProperly) {
        Map<String, String> headers = new HashMap<>(junk);
        if (signProperly && List.of("alchemy", "quicknode", "moralis", "logs").contains(provider)) {
            headers.putAll(Deliveries.signedHeaders(provider, body, Deliveries.SAMPLE_TIMESTAMP));
        }
        long before = items();
        APIGatewayV2HTTPEvent event = Deliveries.event(provider, headers, body);
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
        assertTrue(DOCUMENTED.contains(r.getStatusCode()), r.getStatusCode() + " " + r.getBody());
        if (r.getStatusCode() >= 400) {
            assertEquals(before, items(), "a refused delivery wrote nothing");
        }
        assertNoInternals(r.getBody());
    }

    /** No Java or Jackson internals in any answer: class names, parser location text. */
    private static void assertNoInternals(String body) {
        for (String internal : List.of("Exception", "Error:", "Source:", "line:", "column:", "REDACTED", "was expecting", "StreamRead", "java.")) {
            assertFalse(body.contains(internal), body);
        }
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(40), Arbitraries.of("x", "{}", "[]", "null", "1", ",", "\u0000"))
                .filter(s -> !s.isBlank());
    }

    /** A correctly signed delivery with anything but whitespace after its JSON value is refused and writes nothing. */
    @Property
    void contentAfterTheJsonValueIsA400(@ForAll("signedProviders") String provider, @ForAll("suffixes") String suffix) {
        String body = Deliveries.body(provider, List.of(Deliveries.Mint.of(42, "ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u")))
                + suffix;
        long before = items();
        APIGatewayV2HTTPResponse r = handler.handleRequest(Deliveries.event(provider,
                Deliveries.signedHeaders(provider, body, Deliveries.SAMPLE_TIMESTAMP), body), null);
        assertEquals(400, r.getStatusCode(), r.getBody());
        assertEquals(before, items());
        assertNoInternals(r.getBody());
    }

    @Provide
    Arbitrary<String> signedProviders() {
        return Arbitraries.of("alchemy", "quicknode", "moralis", "logs");
    }

    private static final String MORALIS_TEST = "{\"confirmed\":true,\"chainId\":\"\",\"abi\":{},\"streamId\":\"\",\"tag\":\"\",\"retries\":0,"
            + "\"block\":{\"number\":\"\",\"hash\":\"\",\"timestamp\":\"\"},\"logs\":[],\"txs\":[],\"txsInternal\":[],\"erc20Transfers\":[],"
            + "\"erc20Approvals\":[],\"nftApprovals\":{\"ERC721\":[],\"ERC1155\":[]},\"nftTransfers\":[]}";

    @Provide
    Arbitrary<String> moralisChainless() {
        Arbitrary<String> fieldChanged = Arbitraries.of("\"confirmed\":true", "\"streamId\":\"\"", "\"tag\":\"\"", "\"retries\":0",
                "\"number\":\"\"", "\"hash\":\"\"", "\"logs\":[]", "\"txs\":[]", "\"nftTransfers\":[]")
                .flatMap(field -> Arbitraries.of("\"x\"", "1", "[{}]", "null", "false", "{}", "\"0x1\"")
                        .map(value -> MORALIS_TEST.replace(field, field.substring(0, field.indexOf(':') + 1) + value)));
        return Arbitraries.oneOf(Arbitraries.just(MORALIS_TEST), fieldChanged,
                Arbitraries.strings().alpha().ofMaxLength(8).map(k -> "{\"chainId\":\"\",\"" + k + "\":1}"));
    }

    /**
     * Signed Moralis bodies without a chain: 200 only for the documented test webhook (and then nothing is
     * written), a 400 for any other shape, so nothing signed is acknowledged and dropped.
     */
    @Property
    void onlyMoralissTestWebhookIsAcknowledgedWithoutAChain(@ForAll("moralisChainless") String body) {
        long before = items();
        APIGatewayV2HTTPResponse r = handler.handleRequest(Deliveries.event("moralis",
                Deliveries.signedHeaders("moralis", body, Deliveries.SAMPLE_TIMESTAMP), body), null);
        assertEquals(body.equals(MORALIS_TEST) ? 200 : 400, r.getStatusCode(), body + " → " + r.getBody());
        assertEquals(before, items());
        assertNoInternals(r.getBody());
    }

    @Provide
    Arbitrary<String> providers() {
        return Arbitraries.oneOf(Arbitraries.of("alchemy", "quicknode", "moralis", "logs", "ALCHEMY", "goldsky", ""),
                Arbitraries.strings().ofMaxLength(20));
    }
}
