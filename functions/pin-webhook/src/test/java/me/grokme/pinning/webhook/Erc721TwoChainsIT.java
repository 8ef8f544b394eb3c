package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ERC-721 capsules on two chains, each chain's tokenURI read through its own RPC ({@code CHAIN_RPC_URLS}). Two dev
 * chains stand for mainnet and Polygon; the same deployer deploys the same contract at the same address on both, so
 * only the chain of the log tells which node knows the token's URI.
 */
class Erc721TwoChainsIT {

    private static Ganache mainnet;
    private static Ganache polygon;
    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startChains() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        mainnet = Ganache.start();
        polygon = Ganache.start();
    }

    @AfterAll
    static void stopChains() {
        for (Ganache g : new Ganache[] {mainnet, polygon}) {
            if (g != null) {
                g.close();
            }
        }
    }

    /** One signed Alchemy delivery of a receipt's logs, on {@code network}. */
    private JsonNode deliver(PinWebhookHandler handler, String network, JsonNode receipt) throws Exception {
        ArrayNode logs = json.createArrayNode();
        receipt.get("logs").forEach(l -> {
            ObjectNode log = logs.addObject();
            log.put("data", l.get("data").asText());
            log.set("topics", l.get("topics"));
            log.put("index", Long.decode(l.get("logIndex").asText()));
            log.putObject("account").put("address", l.get("address").asText());
            log.putObject("transaction").put("hash", l.get("transactionHash").asText());
        });
        ObjectNode body = json.createObjectNode().put("webhookId", "wh_grokme01").put("id", "whevt_" + network).put("createdAt",
                "2026-11-24T12:00:00.000Z").put("type", "GRAPHQL");
        ObjectNode event = body.putObject("event");
        ObjectNode block = event.putObject("data").putObject("block");
        block.put("hash", receipt.get("blockHash").asText()).put("number", Long.decode(receipt.get("blockNumber").asText()))
                .put("timestamp", 1795521600).set("logs", logs);
        event.put("sequenceNumber", "1").put("network", network);
        String text = body.toString();
        APIGatewayV2HTTPResponse r = handler.handleRequest(Deliveries.event("alchemy",
                Deliveries.signedHeaders("alchemy", text, Deliveries.SAMPLE_TIMESTAMP), text), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return json.readTree(r.getBody()).get("logs");
    }

    @Test
    void eachChainsTokenUriIsReadFromItsOwnRpc() throws Exception {
        String onMainnet = mainnet.deploy("StandardMint721");
        String onPolygon = polygon.deploy("StandardMint721");
        assertEquals(onMainnet, onPolygon, "one address on both chains");
        Cid mainnetContent = TestCids.raw(82_001);
        Cid polygonContent = TestCids.raw(82_002);
        try (ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.ofPeers(3))) {
            String table = DynamoDbLocal.newLedgerTable();
            DynamoDbLedger ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock, Sleeper.real(), TokenKeys.DEFAULT);
            Map<String, String> env = new HashMap<>(Deliveries.environment(table, sim.baseUrl().toString()));
            env.remove("CONTRACT_ADDRESSES");
            env.put("CHAIN_IDS", "1,137");
            env.put("CAPSULES", "[{\"name\":\"frames\",\"chainId\":1,\"contract\":\"" + onMainnet + "\",\"mode\":\"erc721\"},"
                    + "{\"name\":\"polyframes\",\"chainId\":137,\"contract\":\"" + onPolygon + "\",\"mode\":\"erc721\"}]");
            env.put("CHAIN_RPC_URLS", "1=plain:" + mainnet.url() + ", 137=plain:" + polygon.url());
            PinWebhookHandler handler = new PinWebhookHandler(PinWebhookApp.builder(WebhookConfig.fromEnvironment(env), ledger,
                    SecretResolver.plainOnly()).clock(clock).logs(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build());
            String holder = mainnet.accounts().get(1);

            JsonNode a = deliver(handler, "ETH_MAINNET", mainnet.mint721(onMainnet, holder, "ipfs://" + mainnetContent));
            JsonNode b = deliver(handler, "MATIC_MAINNET", polygon.mint721(onPolygon, holder, "ipfs://" + polygonContent));

            assertEquals(List.of("pinned", "pinned"), List.of(a.get(0).get("outcome").asText(), b.get(0).get("outcome").asText()));
            assertEquals(List.of(mainnetContent.toString()), ledger.cidsForToken(new TokenRef("frames", "1")));
            assertEquals(List.of(polygonContent.toString()), ledger.cidsForToken(new TokenRef("polyframes", "1")));
            assertEquals("polyframes-1", sim.truth(polygonContent).orElseThrow().name());
        }
    }
}
