package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The webhook in ERC-721 mode against a real EVM: a standard contract's Transfer-from-zero log, delivered as
 * the chain emitted it, is pinned under the CID its tokenURI() names.
 */
class PinWebhookErc721IT {

    private static Ganache ganache;
    private static String contract;
    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;
    private String table;

    @BeforeAll
    static void startChain() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        ganache = Ganache.start();
        contract = ganache.deploy("StandardMint721");
    }

    @AfterAll
    static void stopChain() {
        if (ganache != null) {
            ganache.close();
        }
    }

    @BeforeEach
    void setUp() {
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(3));
        table = DynamoDbLocal.newLedgerTable();
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private PinWebhookHandler handler(String rpcUrl) {
        Map<String, String> env = new HashMap<>(Deliveries.environment(table, sim.baseUrl().toString()));
        env.putAll(Map.of("MINT_MODE", "erc721", "CHAIN_RPC_URL", "plain:" + rpcUrl, "CHAIN_IDS", Long.toString(Ganache.CHAIN_ID),
                "LOGS_CHAIN_ID", Long.toString(Ganache.CHAIN_ID), "CONTRACT_ADDRESSES", contract));
        return new PinWebhookHandler(PinWebhookApp.builder(WebhookConfig.fromEnvironment(env),
                new DynamoDbLedger(DynamoDbLocal.client(), table, clock), SecretResolver.plainOnly())
                .clock(clock).logs(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build());
    }

    /** The receipt's logs, as the plain-logs route takes them (eth_getLogs objects), signed. */
    private APIGatewayV2HTTPResponse deliver(PinWebhookHandler handler, JsonNode receipt) {
        String body = receipt.get("logs").toString();
        return handler.handleRequest(Deliveries.event("logs", Deliveries.signedHeaders("logs", body, Deliveries.SAMPLE_TIMESTAMP), body),
                null);
    }

    @Test
    void aTransferMintIsPinnedUnderTheCidOfItsTokenUri() throws Exception {
        Cid cid = TestCids.raw(72_101);
        String holder = ganache.accounts().get(1);
        JsonNode mint = ganache.mint721(contract, holder, "ipfs://" + cid + "/metadata.json");
        String tokenId = new BigInteger(mint.get("logs").get(0).get("topics").get(3).asText().substring(2), 16).toString();

        APIGatewayV2HTTPResponse r = deliver(handler(ganache.url().toString()), mint);

        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode log = json.readTree(r.getBody()).get("logs").get(0);
        assertEquals("pinned", log.get("outcome").asText(), r.getBody());
        assertEquals(tokenId, log.get("token_id").asText());
        assertEquals(cid.toString(), log.get("cid").asText());
        assertEquals("genesis-" + tokenId, sim.truth(cid).orElseThrow().name());

        // The same Transfer event between holders is not a mint.
        JsonNode transfer = ganache.send(holder, contract, new Function("transferFrom",
                List.of(new Address(holder), new Address(ganache.accounts().get(2)),
                        new Uint256(new BigInteger(tokenId))), List.of()));
        JsonNode ignored = json.readTree(deliver(handler(ganache.url().toString()), transfer).getBody()).get("logs").get(0);
        assertEquals("ignored", ignored.get("outcome").asText());
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"));
    }

    @Test
    void whenTheChainCannotBeAskedTheDeliveryIs503AndNothingIsWritten() {
        JsonNode mint = ganache.mint721(contract, ganache.accounts().get(1), "ipfs://" + TestCids.raw(72_102));
        APIGatewayV2HTTPResponse r = deliver(handler("http://127.0.0.1:1/"), mint);
        assertEquals(503, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains("chain RPC unavailable"), r.getBody());
        assertEquals(0, DynamoDbLocal.client().scan(s -> s.tableName(table)).count(), "nothing half-done: the indexer retries");
        assertEquals(0, sim.requestCount("POST", "/pins/ipfs/{path}"));
    }
}
