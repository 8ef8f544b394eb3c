package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.capsule.Capsules;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.RejectionKind;
import me.grokme.pinning.ledger.TokenRef;
import me.grokme.pinning.clock.Sleeper;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two capsules (two contracts) whose token 1 are two tokens, on the status routes. */
class StatusCapsulesIT {

    static final String CAPSULES = "[{\"name\":\"genesis\",\"chainId\":1,\"contract\":\"0x" + "aa".repeat(20) + "\"},"
            + "{\"name\":\"frames\",\"chainId\":1,\"contract\":\"0x" + "bb".repeat(20) + "\",\"mode\":\"erc721\"}]";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T07:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private String table;
    private StatusHttp http;
    private DynamoDbLedger ledger;

    static Schema tokenSchema() throws Exception {
        try (InputStream in = StatusCapsulesIT.class.getResourceAsStream("/schema/token-v2.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @BeforeEach
    void setUp() {
        table = DynamoDbLocal.newLedgerTable();
        StatusConfig config = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CAPSULES", CAPSULES));
        http = StatusApp.build(config, DynamoDbLocal.client(), clock);
        Capsules capsules = Capsules.readNames(new Env(Map.of("CAPSULES", CAPSULES)));
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock, Sleeper.real(), capsules.tokenKeys());
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "01".repeat(32), 0), "1", TestCids.raw(1).toString(), "genesis", 3, 5, 10, "",
                "logs"));
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "02".repeat(32), 0), "1", TestCids.raw(2).toString(), "frames", 3, 5, 11, "",
                "logs"));
        ledger.recordRejected(new LogKey(1, "0x" + "03".repeat(32), 0), new TokenRef("frames", "1"), RejectionKind.NOT_IPFS,
                "a web URL, not IPFS", "logs");
    }

    private StatusHttp.Response get(String path, String query) {
        return http.handle(new StatusHttp.Request("GET", path, query, Map.of()));
    }

    private JsonNode body(StatusHttp.Response r) throws Exception {
        return json.readTree(r.body());
    }

    private List<String> cids(JsonNode v1) {
        List<String> out = new ArrayList<>();
        v1.get("cids").forEach(c -> out.add(c.get("cid").asText()));
        return out;
    }

    @Test
    void eachCapsulesTokenOneListsOnlyItsOwnContent() throws Exception {
        JsonNode genesis = body(get("/status/tokens/genesis/1", ""));
        assertEquals(List.of(TestCids.raw(1).toString()), cids(genesis));
        assertEquals("genesis", genesis.get("capsule").asText());
        JsonNode frames = body(get("/status/tokens/frames/1", ""));
        assertEquals(List.of(TestCids.raw(2).toString()), cids(frames));
        assertEquals("</status/tokens/frames/1?v=2>; rel=\"successor-version\"", get("/status/tokens/frames/1", "").headers().get("link"));

        JsonNode v2 = body(get("/status/tokens/frames/1", "v=2"));
        assertEquals(List.of(), tokenSchema().validate(v2), "valid against token-v2.json");
        assertEquals("frames", v2.get("capsule").asText());
        assertEquals(2, v2.get("references").size(), "its content and its refused mint, nothing of genesis");
        assertEquals(TestCids.raw(2).toString(), v2.get("references").get(0).get("cid").asText());
        assertEquals("not_ipfs", v2.get("references").get(1).get("state").asText());
        assertEquals(1, body(get("/status/tokens/genesis/1", "v=2")).get("references").size());
    }

    @Test
    void aBareTokenIdIsAmbiguousWithSeveralCapsulesAndAnUnknownCapsuleIsNamed() throws Exception {
        StatusHttp.Response bare = get("/status/tokens/1", "");
        assertEquals(400, bare.status());
        JsonNode error = body(bare).get("error");
        assertEquals("CAPSULE_REQUIRED", error.get("reason").asText());
        assertTrue(error.get("details").asText().contains("genesis, frames"), error.toString());
        StatusHttp.Response unknown = get("/status/tokens/nope/1", "v=2");
        assertEquals(404, unknown.status());
        assertTrue(body(unknown).get("error").get("details").asText().contains("no capsule is named nope; capsules: genesis, frames"));
        assertEquals(404, get("/status/tokens/Bad%20Name/1", "").status());
        assertEquals(404, get("/status/tokens/genesis/1/2", "").status());
        assertEquals(400, get("/status/tokens/genesis/01", "").status(), "the id is still validated");
        assertEquals(404, get("/status/tokens/genesis/2", "").status());
    }

    @Test
    void sharedContentIsOneRequestListingBothCapsules() throws Exception {
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "04".repeat(32), 0), "9", TestCids.raw(1).toString(), "frames", 4, 6, 12, "",
                "logs"));
        JsonNode cid = body(get("/status/cids/" + TestCids.raw(1), ""));
        assertEquals(List.of("frames", "genesis"), List.of(cid.get("capsules").get(0).asText(), cid.get("capsules").get(1).asText()));
        assertEquals(List.of(TestCids.raw(1).toString()), cids(body(get("/status/tokens/frames/9", ""))));
        assertEquals("genesis-1", cid.get("pin").get("name").asText());
    }
}
