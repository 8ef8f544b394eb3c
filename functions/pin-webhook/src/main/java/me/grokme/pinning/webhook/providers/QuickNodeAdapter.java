package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.ChainLog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * QuickNode Streams: headers {@code x-qn-nonce}, {@code x-qn-timestamp}, {@code x-qn-signature} = hex
 * HMAC-SHA256(security token, nonce + timestamp + payload), where the payload is the uncompressed JSON (a
 * gzip body is inflated first, with a hard cap). Timestamps outside the tolerance window are replays.
 * Bodies: an array of per-block arrays of logs, a flat array, or {@code {"data": …, "metadata": …}}; the
 * chain comes from {@code metadata.network} when present, else from configuration. Logs carry {@code removed}.
 */
public final class QuickNodeAdapter implements ProviderAdapter {

    static final Map<String, Long> NETWORKS = new HashMap<>(Map.of("ethereum-mainnet", 1L, "ethereum-sepolia", 11155111L,
            "base-mainnet", 8453L, "base-sepolia", 84532L, "matic-mainnet", 137L, "arbitrum-mainnet", 42161L,
            "optimism-mainnet", 10L, "ethereum-holesky", 17000L));

    private final Supplier<String> token;
    private final Duration tolerance;
    private final long defaultChainId;
    private final int maxInflatedBytes;

    public QuickNodeAdapter(Supplier<String> token, Duration tolerance, long defaultChainId, int maxInflatedBytes) {
        this.token = token;
        this.tolerance = tolerance;
        this.defaultChainId = defaultChainId;
        this.maxInflatedBytes = maxInflatedBytes;
    }

    @Override
    public String name() {
        return "quicknode";
    }

    @Override
    public Delivery decode(Delivery d) {
        if (!d.header("content-encoding").map(v -> v.strip().equalsIgnoreCase("gzip")).orElse(false)) {
            return d;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(d.body()))) {
            byte[] inflated = in.readNBytes(maxInflatedBytes + 1);
            if (inflated.length > maxInflatedBytes) {
                throw new BodyTooLargeException("gzip body inflates beyond " + maxInflatedBytes + " bytes");
            }
            return new Delivery(d.headers(), inflated, d.receivedAt());
        } catch (IOException e) {
            throw new MalformedDeliveryException("Content-Encoding is gzip but the body is not valid gzip");
        }
    }

    @Override
    public Verification verify(Delivery d) {
        Optional<String> stale = Signatures.timestampProblem(d.header("x-qn-timestamp"), "x-qn-timestamp", d.receivedAt(), tolerance);
        if (stale.isPresent()) {
            return Verification.rejected(stale.get());
        }
        Optional<String> nonce = d.header("x-qn-nonce");
        if (nonce.isEmpty()) {
            return Verification.rejected("missing x-qn-nonce header");
        }
        byte[] expected = Signatures.hmacSha256(Signatures.utf8(token.get()), Signatures.utf8(nonce.get()),
                Signatures.utf8(d.header("x-qn-timestamp").orElseThrow()), d.body());
        return Signatures.compare(d.header("x-qn-signature"), expected, "x-qn-signature");
    }

    @Override
    public List<ChainLog> parse(Delivery d) {
        JsonNode root = Json.read(d.body());
        long chainId = defaultChainId;
        JsonNode data = root;
        if (root.isObject()) {
            data = root.get("data");
            String network = Json.optionalText(root.path("metadata").get("network"));
            if (!network.isEmpty()) {
                Long id = NETWORKS.get(network);
                if (id == null) {
                    throw new MalformedDeliveryException("metadata.network is not a known QuickNode network: " + ChainLog.shorten(network));
                }
                chainId = id;
            }
        }
        List<ChainLog> out = new ArrayList<>();
        collect(Json.array(data, "data"), "data", chainId, out);
        return out;
    }

    private static void collect(JsonNode array, String path, long chainId, List<ChainLog> out) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isArray()) {
                collect(item, path + "[" + i + "]", chainId, out);
            } else if (item.isObject()) {
                out.add(PlainLogsAdapter.fromRpcLog(item, path + "[" + i + "]", chainId));
            } else if (!item.isNull()) {
                throw new MalformedDeliveryException(path + "[" + i + "] is not a log object");
            }
        }
    }
}
