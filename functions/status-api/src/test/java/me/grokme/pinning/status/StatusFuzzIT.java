package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @BeforeContainer
    static void setUp() {
        String table = DynamoDbLocal.newLedgerTable();
        StatusConfig config = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", table));
        http = StatusApp.build(config, DynamoDbLocal.client(), Clock.systemUTC());
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
}
