package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.ChainLog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Alchemy custom (GraphQL) webhooks: {@code X-Alchemy-Signature} = hex HMAC-SHA256(signing key, raw body);
 * logs under {@code event.data.block.logs[]}. Alchemy has no {@code removed} flag: a reorg is the same block
 * resent with a higher sequence number, whose logs then arrive as new (chainId, txHash, logIndex) keys or
 * as duplicates; stale logs are caught by the backfill's confirmation depth.
 */
public final class AlchemyAdapter implements ProviderAdapter {

    /** Alchemy network names → chain ids. */
    static final Map<String, Long> NETWORKS = Map.ofEntries(
            Map.entry("ETH_MAINNET", 1L), Map.entry("ETH_SEPOLIA", 11155111L), Map.entry("ETH_HOLESKY", 17000L),
            Map.entry("BASE_MAINNET", 8453L), Map.entry("BASE_SEPOLIA", 84532L), Map.entry("MATIC_MAINNET", 137L),
            Map.entry("POLYGON_MAINNET", 137L), Map.entry("MATIC_AMOY", 80002L), Map.entry("ARB_MAINNET", 42161L),
            Map.entry("ARB_SEPOLIA", 421614L), Map.entry("OPT_MAINNET", 10L), Map.entry("OPT_SEPOLIA", 11155420L));

    private final Supplier<String> signingKey;

    public AlchemyAdapter(Supplier<String> signingKey) {
        this.signingKey = signingKey;
    }

    @Override
    public String name() {
        return "alchemy";
    }

    @Override
    public Verification verify(Delivery d) {
        byte[] expected = Signatures.hmacSha256(Signatures.utf8(signingKey.get()), d.body());
        return Signatures.compare(d.header("x-alchemy-signature"), expected, "X-Alchemy-Signature");
    }

    @Override
    public List<ChainLog> parse(Delivery d) {
        JsonNode root = Json.read(d.body());
        JsonNode event = root.path("event");
        String network = Json.text(event.get("network"), "event.network");
        Long chainId = NETWORKS.get(network);
        if (chainId == null) {
            throw new MalformedDeliveryException("event.network is not a known Alchemy network: " + ChainLog.shorten(network));
        }
        JsonNode block = event.path("data").path("block");
        if (block.isMissingNode()) {
            throw new MalformedDeliveryException("event.data.block is missing (only custom GraphQL webhooks are supported)");
        }
        JsonNode logs = block.path("logs");
        if (logs.isMissingNode() || logs.isNull() || (logs.isArray() && logs.isEmpty())) {
            return List.of(); // empty block delivery
        }
        Json.array(logs, "event.data.block.logs");
        long blockNumber = block.has("number") ? Json.quantity(block.get("number"), "event.data.block.number") : 0;
        String blockHash = Json.optionalText(block.get("hash"));
        List<ChainLog> out = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            JsonNode log = logs.get(i);
            String p = "event.data.block.logs[" + i + "]";
            List<String> topics = new ArrayList<>();
            for (JsonNode t : Json.array(log.get("topics"), p + ".topics")) {
                topics.add(Json.text(t, p + ".topics[]"));
            }
            out.add(new ChainLog(chainId, Json.text(log.path("account").get("address"), p + ".account.address"), topics,
                    Json.text(log.get("data"), p + ".data"), blockNumber, blockHash,
                    Json.text(log.path("transaction").get("hash"), p + ".transaction.hash"),
                    Json.quantity(log.get("index"), p + ".index"), false, Optional.empty()));
        }
        return out;
    }
}
