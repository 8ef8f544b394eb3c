package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.ChainLog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plain {@code eth_getLogs} objects from any indexer, our own scheme: headers {@code x-grokme-timestamp}
 * (Unix seconds) and {@code x-grokme-signature} = hex HMAC-SHA256(secret, timestamp + "." + raw body),
 * checked against a replay window. The body is a JSON array of logs; the chain id is configured.
 */
public final class PlainLogsAdapter implements ProviderAdapter {

    private final Supplier<String> secret;
    private final Duration tolerance;
    private final long chainId;

    public PlainLogsAdapter(Supplier<String> secret, Duration tolerance, long chainId) {
        this.secret = secret;
        this.tolerance = tolerance;
        this.chainId = chainId;
    }

    /** The signature a sender puts in {@code x-grokme-signature} (for senders, tests and sample events). */
    public static String sign(String secret, long timestamp, byte[] body) {
        return java.util.HexFormat.of().formatHex(Signatures.hmacSha256(Signatures.utf8(secret),
                Signatures.utf8(timestamp + "."), body));
    }

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public Verification verify(Delivery d) {
        Optional<String> stale = Signatures.timestampProblem(d.header("x-grokme-timestamp"), "x-grokme-timestamp", d.receivedAt(), tolerance);
        if (stale.isPresent()) {
            return Verification.rejected(stale.get());
        }
        byte[] expected = Signatures.hmacSha256(Signatures.utf8(secret.get()),
                Signatures.utf8(d.header("x-grokme-timestamp").orElseThrow().strip() + "."), d.body());
        return Signatures.compare(d.header("x-grokme-signature"), expected, "x-grokme-signature");
    }

    @Override
    public List<ChainLog> parse(Delivery d) {
        JsonNode root = Json.array(Json.read(d.body()), "body");
        List<ChainLog> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(fromRpcLog(root.get(i), "[" + i + "]", chainId));
        }
        return out;
    }

    /** A JSON-RPC log object (hex quantities). */
    static ChainLog fromRpcLog(JsonNode log, String p, long chainId) {
        if (!log.isObject()) {
            throw new MalformedDeliveryException(p + " is not a log object");
        }
        List<String> topics = new ArrayList<>();
        for (JsonNode t : Json.array(log.get("topics"), p + ".topics")) {
            topics.add(Json.text(t, p + ".topics[]"));
        }
        JsonNode removed = log.get("removed");
        if (removed != null && !removed.isNull() && !removed.isBoolean()) {
            throw new MalformedDeliveryException(p + ".removed is not a boolean");
        }
        return new ChainLog(chainId, Json.text(log.get("address"), p + ".address"), topics, Json.text(log.get("data"), p + ".data"),
                Json.quantity(log.get("blockNumber"), p + ".blockNumber"), Json.optionalText(log.get("blockHash")),
                Json.text(log.get("transactionHash"), p + ".transactionHash"), Json.quantity(log.get("logIndex"), p + ".logIndex"),
                removed != null && removed.asBoolean(), Optional.empty());
    }
}
