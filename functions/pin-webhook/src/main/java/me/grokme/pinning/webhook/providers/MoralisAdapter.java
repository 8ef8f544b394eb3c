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
 * is a ledger duplicate and the content is pinned once. An empty {@code chainId} is valid only in the stream
 * test webhook's documented shape (which holds nothing); any other body without a chain is refused, so no
 * signed delivery is acknowledged and silently dropped. Topics arrive as {@code topic0..topic3}.
 */
public final class MoralisAdapter implements ProviderAdapter {

    private static final List<String> TEST_EMPTY_STRINGS = List.of("streamId", "tag", "block.number", "block.hash", "block.timestamp");
    private static final List<String> TEST_EMPTY_ARRAYS = List.of("txs", "txsInternal", "erc20Transfers", "erc20Approvals", "nftTransfers");

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
        JsonNode chain = root.get("chainId");
        if (chain != null && chain.isTextual() && chain.asText().isEmpty()) {
            Optional<String> mismatch = testWebhookMismatch(root);
            if (mismatch.isPresent()) {
                throw new MalformedDeliveryException("chainId is empty, which only Moralis's stream test webhook sends, but "
                        + mismatch.get());
            }
            return List.of(); // the stream test webhook: acknowledged, nothing to record
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

    /**
     * What sets the body apart from Moralis's documented test webhook (sent on stream create, update and
     * reactivation: empty strings, empty arrays, {@code confirmed: true}, {@code retries: 0}), or empty when it is
     * one. {@code abi} and {@code nftApprovals} vary by doc version and chain and carry no mints, so they are not checked.
     */
    static Optional<String> testWebhookMismatch(JsonNode root) {
        for (String field : TEST_EMPTY_STRINGS) {
            JsonNode v = field.startsWith("block.") ? root.path("block").get(field.substring(6)) : root.get(field);
            if (v == null || !v.isTextual() || !v.asText().isEmpty()) {
                return Optional.of(field + " is not \"\"");
            }
        }
        JsonNode logs = root.get("logs");
        if (logs == null || !logs.isArray() || !logs.isEmpty()) {
            return Optional.of("logs is not []");
        }
        for (String field : TEST_EMPTY_ARRAYS) {
            JsonNode v = root.get(field);
            if (v != null && !(v.isArray() && v.isEmpty())) {
                return Optional.of(field + " is not []");
            }
        }
        JsonNode confirmed = root.get("confirmed");
        if (confirmed == null || !confirmed.isBoolean() || !confirmed.asBoolean()) {
            return Optional.of("confirmed is not true");
        }
        JsonNode retries = root.get("retries");
        if (retries == null || !retries.isIntegralNumber() || retries.asLong() != 0) {
            return Optional.of("retries is not 0");
        }
        return Optional.empty();
    }
}
