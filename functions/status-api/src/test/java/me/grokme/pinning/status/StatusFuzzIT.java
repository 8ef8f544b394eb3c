package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.testing.DynamoDbLocal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Hostile path parameters and methods against the status endpoints: only documented answers, no internals. */
class StatusFuzzIT {

    private static StatusHttp http;
    /** The same routes with two capsules configured (a bare token id is ambiguous there). */
    private static StatusHttp twoCapsules;

    @BeforeContainer
    static void setUp() {
        String table = DynamoDbLocal.newLedgerTable();
        StatusConfig config = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", table));
        http = StatusApp.build(config, DynamoDbLocal.client(), Clock.systemUTC());
        twoCapsules = StatusApp.build(StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CAPSULES", StatusCapsulesIT.CAPSULES)),
                DynamoDbLocal.client(), Clock.systemUTC());
    }

    /** /status/tokens/{capsule}/{id} with hostile capsules and ids, against one capsule and two: only documented answers. */
    @Property
    void anyCapsuleAndTokenGetADocumentedAnswer(@ForAll("capsules") String capsule, @ForAll("segments") String id,
            @ForAll("versions") String query) {
        for (StatusHttp h : new StatusHttp[] {http, twoCapsules}) {
            StatusHttp.Response r = h.handle(new StatusHttp.Request("GET", "/status/tokens/" + capsule + "/" + id, query, Map.of()));
            assertTrue(Set.of(400, 404).contains(r.status()), r.status() + " for " + capsule + "/" + id);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertFalse(body.contains("Exception") || body.contains("at me.grokme"), body);
            if (body.contains("recorded for this token")) {
                assertTrue(Set.of("genesis", "frames").contains(capsule), "only a configured capsule is looked up: " + capsule);
            }
        }
        StatusHttp.Response bare = twoCapsules.handle(new StatusHttp.Request("GET", "/status/tokens/" + id, query, Map.of()));
        assertTrue(Set.of(400, 404).contains(bare.status()), bare.status() + " for " + id);
    }

    @Provide
    Arbitrary<String> capsules() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().withChars("abcdefgnrsim-0123456789").ofMaxLength(34),
                Arbitraries.of("genesis", "frames", "GENESIS", "genesis ", "", "..", "%2e", "genesis#1", "TOKEN"));
    }

    @Provide
    Arbitrary<String> versions() {
        return Arbitraries.of("", "v=1", "v=2", "v=2&cursor=Zm9v", "v=3", "v=2&cursor=");
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(120), Arbitraries.strings().numeric().ofMaxLength(90),
                Arbitraries.of("..", "%2e%2e", "..%2Fpeers", "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", "0", "007",
                        "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", "<script>", "' OR 1=1"));
    }

    @Property
    void anyPathParameterGetsADocumentedAnswer(@ForAll("segments") String segment, @ForAll("kinds") String kind,
            @ForAll("methods") String method) {
        StatusHttp.Response r = http.handle(new StatusHttp.Request(method, "/status/" + kind + "/" + segment, Map.of()));
        assertTrue(Set.of(200, 204, 304, 400, 404, 405, 503).contains(r.status()), r.status() + " for " + segment);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertFalse(body.contains("Exception") || body.contains("at me.grokme"), body);
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("cids", "tokens", "schema", "");
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "HEAD", "OPTIONS", "POST", "DELETE", "PUT");
    }

    /** Token ids around the uint256 bound: a 400 past 2^256 - 1, else a lookup (404 on this empty ledger). */
    @Property
    void tokenIdsAreUint256(@ForAll("tokenIds") BigInteger id) {
        StatusHttp.Response r = http.handle(new StatusHttp.Request("GET", "/status/tokens/" + id, Map.of()));
        assertEquals(id.bitLength() > 256 ? 400 : 404, r.status(), id.toString());
    }

    @Provide
    Arbitrary<BigInteger> tokenIds() {
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(78).subtract(BigInteger.ONE)),
                Arbitraries.bigIntegers().between(max.subtract(BigInteger.valueOf(1000)), max.add(BigInteger.valueOf(1000))));
    }

    /**
     * Whatever Accept-Encoding says, the ETag names the representation served: {@code -gzip} exactly when the body
     * is gzip, and it validates (304) only a request that would be served the same representation.
     */
    @Property
    void anEtagValidatesOnlyItsOwnEncoding(@ForAll("acceptEncodings") String acceptEncoding, @ForAll("acceptEncodings") String other) {
        StatusHttp.Response first = http.handle(new StatusHttp.Request("GET", "/status/schema/v1.json", Map.of("accept-encoding", acceptEncoding)));
        String etag = first.headers().get("etag");
        boolean gzip = "gzip".equals(first.headers().get("content-encoding"));
        assertEquals(gzip, etag.endsWith("-gzip\""), etag);
        StatusHttp.Response again = http.handle(new StatusHttp.Request("GET", "/status/schema/v1.json",
                Map.of("accept-encoding", other, "if-none-match", etag)));
        boolean sameRepresentation = StatusHttp.acceptsGzip(other) == gzip;
        assertEquals(sameRepresentation ? 304 : 200, again.status(), acceptEncoding + " then " + other);
    }

    @Provide
    Arbitrary<String> acceptEncodings() {
        return Arbitraries.oneOf(Arbitraries.of("", "gzip", "br", "gzip;q=0", "GZIP", "br, gzip;q=0.8", "*", "identity", "deflate, gzip"),
                Arbitraries.strings().ofMaxLength(30));
    }
}
