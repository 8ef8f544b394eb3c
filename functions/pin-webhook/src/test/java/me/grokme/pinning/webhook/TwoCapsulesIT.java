package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.clock.Sleeper;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.TokenKeys;
import me.grokme.pinning.ledger.TokenRef;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two capsules on one chain, through the webhook: each contract's token 1 is its own token, pinned under its own
 * capsule's name, one capsule in event mode (GrokmeGenesis) and one ERC-721 whose token URIs name files in a directory.
 */
class TwoCapsulesIT {

    private static Ganache ganache;
    private String genesis;
    private String second;
    private String frames;
    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;
    private String table;
    private DynamoDbLedger ledger;

    @BeforeAll
    static void startChain() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        ganache = Ganache.start();
    }

    @AfterAll
    static void stopChain() {
        if (ganache != null) {
            ganache.close();
        }
    }

    @BeforeEach
    void setUp() {
        // Fresh contracts for each test: each one's first token is 1.
        genesis = ganache.deploy("GrokmeGenesis");
        second = ganache.deploy("GrokmeGenesis");
        frames = ganache.deploy("StandardMint721");
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(3));
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock, Sleeper.real(), TokenKeys.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private static String capsule(String name, String contract, String mode) {
        return "{\"name\":\"" + name + "\",\"chainId\":" + Ganache.CHAIN_ID + ",\"contract\":\"" + contract + "\",\"mode\":\"" + mode + "\"}";
    }

    private PinWebhookHandler handler(String capsules) {
        Map<String, String> env = new HashMap<>(Deliveries.environment(table, sim.baseUrl().toString()));
        env.remove("CONTRACT_ADDRESSES");
        env.remove("CHAIN_IDS");
        env.putAll(Map.of("CAPSULES", capsules, "CHAIN_RPC_URL", "plain:" + ganache.url(), "LOGS_CHAIN_ID", Long.toString(Ganache.CHAIN_ID)));
        return new PinWebhookHandler(PinWebhookApp.builder(WebhookConfig.fromEnvironment(env), ledger, SecretResolver.plainOnly())
                .clock(clock).logs(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build());
    }

    /** The receipts' logs in one signed delivery of the plain-logs route. */
    private JsonNode deliver(PinWebhookHandler handler, JsonNode... receipts) throws Exception {
        ArrayNode logs = json.createArrayNode();
        for (JsonNode r : receipts) {
            r.get("logs").forEach(logs::add);
        }
        String body = logs.toString();
        APIGatewayV2HTTPResponse r = handler.handleRequest(Deliveries.event("logs",
                Deliveries.signedHeaders("logs", body, Deliveries.SAMPLE_TIMESTAMP), body), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return json.readTree(r.getBody()).get("logs");
    }

    @Test
    void twoContractsTokenOneArePinnedUnderTheirOwnCapsuleNames() throws Exception {
        Cid first = TestCids.raw(81_001);
        Cid other = TestCids.raw(81_002);
        PinWebhookHandler handler = handler("[" + capsule("genesis", genesis, "event") + "," + capsule("second", second, "event") + "]");

        JsonNode logs = deliver(handler, ganache.mint(genesis, "ipfs://" + first), ganache.mint(second, "ipfs://" + other));

        assertEquals(List.of("pinned", "pinned"), List.of(logs.get(0).get("outcome").asText(), logs.get(1).get("outcome").asText()));
        assertEquals("genesis-1", sim.truth(first).orElseThrow().name());
        assertEquals("second-1", sim.truth(other).orElseThrow().name());
        assertEquals(List.of(first.toString()), ledger.cidsForToken(new TokenRef("genesis", "1")));
        assertEquals(List.of(other.toString()), ledger.cidsForToken(new TokenRef("second", "1")));
    }

    @Test
    void anEventCapsuleAndAnErc721CapsuleWithADirectoryEachKeepTheirOwnTokens() throws Exception {
        Cid metadata = TestCids.raw(81_101);
        Cid directory = TestCids.raw(81_102);
        String holder = ganache.accounts().get(1);
        PinWebhookHandler handler = handler("[" + capsule("genesis", genesis, "event") + "," + capsule("frames", frames, "erc721") + "]");

        JsonNode logs = deliver(handler, ganache.mint(genesis, "ipfs://" + metadata),
                ganache.mint721(frames, holder, "ipfs://" + directory + "/1.json"),
                ganache.mint721(frames, holder, "ipfs://" + directory + "/2.json"),
                ganache.mint(second, "ipfs://" + TestCids.raw(81_103)));

        String genesisToken = logs.get(0).get("token_id").asText();
        assertEquals("1", genesisToken);
        assertEquals("genesis-" + genesisToken, sim.truth(metadata).orElseThrow().name());
        assertEquals("frames-1", sim.truth(directory).orElseThrow().name(), "the directory is pinned once, under its first token");
        assertEquals(List.of(metadata.toString()), ledger.cidsForToken(new TokenRef("genesis", genesisToken)));
        assertEquals(List.of(directory.toString()), ledger.cidsForToken(new TokenRef("frames", "1")));
        assertEquals(List.of(directory.toString()), ledger.cidsForToken(new TokenRef("frames", "2")));
        assertEquals("ignored", logs.get(3).get("outcome").asText(), "a contract no capsule follows");
        assertEquals(2, sim.requestCount("POST", "/pins/ipfs/{path}"));
    }
}
