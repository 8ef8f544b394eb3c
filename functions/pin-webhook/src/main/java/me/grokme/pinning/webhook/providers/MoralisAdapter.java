package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.ChainLog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Moralis Streams: {@code x-signature} = 0x-hex keccak256(raw body ++ Streams secret). Each event comes
 * twice ({@code confirmed} false, then true); both carry the same (chainId, txHash, logIndex), so the second
 * is a ledger duplicate and the content is pinned once. The stream-creation test delivery (empty
 * {@code chainId}, no logs) is valid and holds nothing. Topics arrive as {@code topic0..topic3}.
 */
public final class MoralisAdapter implements ProviderAdapter {

    private final Supplier<String> secret;

    public MoralisAdapter(Supplier<String> secret) {
        this.secret = secret;
    }

    @Override
    public String name() {
        return "moralis";
    }

    @Override
    public Verification verify(Delivery d) {
        byte[] expected = Signatures.keccak256(d.body(), Signatures.utf8(secret.get()));
        return Signatures.compare(d.header("x-signature"), expected, "x-signature");
    }

    @Override
    public List<ChainLog> parse(Delivery d) {
        JsonNode root = Json.read(d.body());
        if (!root.isObject()) {
            throw new MalformedDeliveryException("body is not a JSON object");
        }
        JsonNode logs = root.get("logs");
        String chainText = Json.optionalText(root.get("chainId"));
        if (chainText.isEmpty()) {
            if (logs != null && logs.isArray() && !logs.isEmpty()) {
                throw new MalformedDeliveryException("chainId is missing but logs are present");
            }
            return List.of(); // the stream test delivery
        }
        long chainId = Json.quantity(root.get("chainId"), "chainId");
        Optional<Boolean> confirmed = root.has("confirmed") && root.get("confirmed").isBoolean()
                ? Optional.of(root.get("confirmed").asBoolean()) : Optional.empty();
        JsonNode block = root.path("block");
        long blockNumber = Json.quantity(block.get("number"), "block.number");
        String blockHash = Json.optionalText(block.get("hash"));
        List<ChainLog> out = new ArrayList<>();
        Json.array(logs, "logs");
        for (int i = 0; i < logs.size(); i++) {
            JsonNode log = logs.get(i);
            String p = "logs[" + i + "]";
            List<String> topics = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                JsonNode topic = log.get("topic" + t);
                if (topic != null && !topic.isNull()) {
                    topics.add(Json.text(topic, p + ".topic" + t));
                }
            }
            out.add(new ChainLog(chainId, Json.text(log.get("address"), p + ".address"), topics, Json.text(log.get("data"), p + ".data"),
                    blockNumber, blockHash, Json.text(log.get("transactionHash"), p + ".transactionHash"),
                    Json.quantity(log.get("logIndex"), p + ".logIndex"), false, confirmed));
        }
        return out;
    }
}
