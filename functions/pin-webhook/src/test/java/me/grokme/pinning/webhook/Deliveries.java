package me.grokme.pinning.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import me.grokme.pinning.webhook.providers.PlainLogsAdapter;
import me.grokme.pinning.webhook.providers.Signatures;
import me.grokme.pinning.webhook.providers.WebhookProvider;
import me.grokme.pinning.webhook.providers.WebhookProviders;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import me.grokme.pinning.chain.TokenEvents;
import org.web3j.crypto.Hash;

/**
 * Builds signed deliveries in each provider's real shape (see shared chain-webhooks reference), for tests
 * and for the sample events in events/. The test secrets are documented in events/README.md.
 */
public final class Deliveries {

    public static final String CONTRACT = "0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b";
    public static final String ALCHEMY_KEY = "whsec_grokme_test_key";
    public static final String QUICKNODE_TOKEN = "qnsec_grokme_test_token";
    public static final String MORALIS_SECRET = "grokme_streams_secret";
    public static final String LOGS_SECRET = "grokme_logs_test_secret";
    /** 2026-11-24T12:00:00Z, the timestamp the QuickNode and plain-logs samples carry. */
    public static final long SAMPLE_TIMESTAMP = 1795521600L;
    public static final String TOPIC0 = Hash.sha3String("Grokked(uint256,string)");

    private Deliveries() {
    }

    /** Every registered provider's name: the tests that run once per provider take them from here. */
    public static Stream<String> providers() {
        return WebhookProviders.ALL.stream().map(WebhookProvider::name);
    }

    /** One log of a delivery, in the fields every provider's shape is built from. */
    public interface Log {
        String contract();

        String txHash();

        long logIndex();

        long block();

        boolean removed();

        List<String> topics();

        String data();
    }

    /** Any log: the token range events (ERC-4906, ERC-2309) and whatever else a test needs. */
    public record RawLog(String contract, List<String> topics, String data, String txHash, long logIndex, long block, boolean removed)
            implements Log {

        /** ERC-4906 {@code MetadataUpdate(tokenId)} of the sample contract. */
        public static RawLog metadataUpdate(long tokenId, long logIndex) {
            return new RawLog(CONTRACT, List.of(TokenEvents.METADATA_UPDATE_TOPIC), "0x" + word(tokenId), tx(1_000_000 + tokenId), logIndex,
                    21_000_100, false);
        }

        /** ERC-4906 {@code BatchMetadataUpdate(from, to)} of the sample contract. */
        public static RawLog batchMetadataUpdate(long from, long to, long logIndex) {
            return new RawLog(CONTRACT, List.of(TokenEvents.BATCH_METADATA_UPDATE_TOPIC), "0x" + word(from) + word(to), tx(1_000_000 + from),
                    logIndex, 21_000_100, false);
        }

        /** ERC-2309 {@code ConsecutiveTransfer(from, to, 0x0, holder)}: the mint of tokens [from, to]. */
        public static RawLog consecutiveMint(long from, long to, long logIndex) {
            return new RawLog(CONTRACT, List.of(TokenEvents.CONSECUTIVE_TRANSFER_TOPIC, "0x" + word(from), "0x" + "0".repeat(64),
                    "0x" + "0".repeat(24) + "ab".repeat(20)), "0x" + word(to), tx(2_000_000 + from), logIndex, 21_000_200, false);
        }

        public RawLog removedByReorg() {
            return new RawLog(contract, topics, data, txHash, logIndex, block, true);
        }

        private static String word(long v) {
            return String.format("%064x", v);
        }
    }

    /** One mint log: contract, token, URI, and the identity fields. */
    public record Mint(String contract, long tokenId, String uri, String txHash, long logIndex, long block, boolean removed) implements Log {

        @Override
        public List<String> topics() {
            return List.of(TOPIC0, topic1());
        }

        public static Mint of(long tokenId, String uri) {
            return new Mint(CONTRACT, tokenId, uri, tx(tokenId), 17, 21_000_000 + tokenId, false);
        }

        public Mint removedByReorg() {
            return new Mint(contract, tokenId, uri, txHash, logIndex, block, true);
        }

        public Mint at(String otherContract) {
            return new Mint(otherContract, tokenId, uri, txHash, logIndex, block, removed);
        }

        String topic1() {
            return "0x" + TypeEncoder.encode(new Uint256(BigInteger.valueOf(tokenId)));
        }

        @Override
        public String data() {
            // A lone dynamic string: offset 0x20, then length and UTF-8 bytes padded (web3j's encoder).
            return "0x" + "0000000000000000000000000000000000000000000000000000000000000020"
                    + TypeEncoder.encode(new Utf8String(uri));
        }
    }

    public static String tx(long seed) {
        return "0x" + HexFormat.of().formatHex(Hash.sha3(("tx-" + seed).getBytes(StandardCharsets.UTF_8)));
    }

    static String blockHash(long block) {
        return "0x" + HexFormat.of().formatHex(Hash.sha3(("block-" + block).getBytes(StandardCharsets.UTF_8)));
    }

    private static String topicArray(Log m) {
        return "[\"" + String.join("\",\"", m.topics()) + "\"]";
    }

    public static String rpcLog(Log m) {
        return "{\"address\":\"" + m.contract() + "\",\"blockHash\":\"" + blockHash(m.block()) + "\",\"blockNumber\":\"0x"
                + Long.toHexString(m.block()) + "\",\"data\":\"" + m.data() + "\",\"logIndex\":\"0x" + Long.toHexString(m.logIndex())
                + "\",\"removed\":" + m.removed() + ",\"topics\":" + topicArray(m) + ",\"transactionHash\":\""
                + m.txHash() + "\",\"transactionIndex\":\"0x3\"}";
    }

    public static String alchemyBody(List<? extends Log> mints) {
        StringBuilder logs = new StringBuilder();
        long block = mints.isEmpty() ? 21_000_000 : mints.get(0).block();
        for (Log m : mints) {
            if (logs.length() > 0) {
                logs.append(',');
            }
            logs.append("{\"data\":\"").append(m.data()).append("\",\"topics\":").append(topicArray(m))
                    .append(",\"index\":").append(m.logIndex()).append(",\"account\":{\"address\":\"").append(m.contract())
                    .append("\"},\"transaction\":{\"hash\":\"").append(m.txHash()).append("\"}}");
        }
        return "{\"webhookId\":\"wh_grokme01\",\"id\":\"whevt_01\",\"createdAt\":\"2026-11-24T12:00:00.000Z\",\"type\":\"GRAPHQL\","
                + "\"event\":{\"data\":{\"block\":{\"hash\":\"" + blockHash(block) + "\",\"number\":" + block
                + ",\"timestamp\":1795521600,\"logs\":[" + logs + "]}},\"sequenceNumber\":\"10000000000578619000\",\"network\":\"ETH_MAINNET\"}}";
    }

    public static String quickNodeBody(List<? extends Log> mints) {
        StringBuilder sb = new StringBuilder("{\"data\":[[");
        for (int i = 0; i < mints.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(rpcLog(mints.get(i)));
        }
        return sb.append("]],\"metadata\":{\"dataset\":\"logs\",\"network\":\"ethereum-mainnet\"}}").toString();
    }

    public static String moralisBody(List<? extends Log> mints, boolean confirmed) {
        StringBuilder logs = new StringBuilder();
        long block = mints.isEmpty() ? 21_000_000 : mints.get(0).block();
        for (Log m : mints) {
            if (logs.length() > 0) {
                logs.append(',');
            }
            logs.append("{\"logIndex\":\"").append(m.logIndex()).append("\",\"transactionHash\":\"").append(m.txHash())
                    .append("\",\"address\":\"").append(m.contract()).append("\",\"data\":\"").append(m.data())
                    .append("\"");
            for (int t = 0; t < 4; t++) {
                logs.append(",\"topic").append(t).append("\":").append(t < m.topics().size() ? "\"" + m.topics().get(t) + "\"" : "null");
            }
            logs.append('}');
        }
        return "{\"confirmed\":" + confirmed + ",\"chainId\":\"0x1\",\"streamId\":\"c28d9e2e-0000-4000-8000-000000000001\",\"tag\":\"grokme\","
                + "\"retries\":0,\"abi\":[],\"block\":{\"number\":\"" + block + "\",\"hash\":\"" + blockHash(block)
                + "\",\"timestamp\":\"1795521600\"},\"logs\":[" + logs + "],\"txs\":[],\"txsInternal\":[],\"erc20Transfers\":[],"
                + "\"erc20Approvals\":[],\"nftTransfers\":[],\"nftApprovals\":{\"ERC721\":[],\"ERC1155\":[]},\"nativeBalances\":[]}";
    }

    public static String logsBody(List<? extends Log> mints) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < mints.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(rpcLog(mints.get(i)));
        }
        return sb.append("]").toString();
    }

    /** Headers with a valid signature for {@code provider} over {@code body}. */
    public static Map<String, String> signedHeaders(String provider, String body, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        switch (provider) {
            case "alchemy" -> h.put("x-alchemy-signature", HexFormat.of().formatHex(
                    Signatures.hmacSha256(Signatures.utf8(ALCHEMY_KEY), bytes)));
            case "quicknode" -> {
                String nonce = "6a3f1c2e9b7d4f08";
                h.put("x-qn-nonce", nonce);
                h.put("x-qn-timestamp", Long.toString(timestamp));
                h.put("x-qn-signature", HexFormat.of().formatHex(Signatures.hmacSha256(Signatures.utf8(QUICKNODE_TOKEN),
                        Signatures.utf8(nonce), Signatures.utf8(Long.toString(timestamp)), bytes)));
            }
            case "moralis" -> h.put("x-signature", "0x" + HexFormat.of().formatHex(
                    Signatures.keccak256(bytes, Signatures.utf8(MORALIS_SECRET))));
            case "logs" -> {
                h.put("x-grokme-timestamp", Long.toString(timestamp));
                h.put("x-grokme-signature", PlainLogsAdapter.sign(LOGS_SECRET, timestamp, bytes));
            }
            default -> throw new IllegalArgumentException(provider);
        }
        return h;
    }

    public static String body(String provider, List<? extends Log> mints) {
        return switch (provider) {
            case "alchemy" -> alchemyBody(mints);
            case "quicknode" -> quickNodeBody(mints);
            case "moralis" -> moralisBody(mints, false);
            case "logs" -> logsBody(mints);
            default -> throw new IllegalArgumentException(provider);
        };
    }

    /** An API Gateway payload-2.0 event for {@code POST /webhooks/{provider}}. */
    public static APIGatewayV2HTTPEvent event(String provider, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("POST /webhooks/{provider}")
                .withRawPath("/webhooks/" + provider).withHeaders(headers).withPathParameters(Map.of("provider", provider))
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-test")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/webhooks/" + provider).build()).build())
                .build();
    }

    /** Environment for a webhook with every provider enabled on the test secrets. */
    public static Map<String, String> environment(String table, String clusterUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LEDGER_TABLE", table);
        env.put("CLUSTER_URL", clusterUrl);
        env.put("CONTRACT_ADDRESSES", CONTRACT);
        env.put("CHAIN_IDS", "1");
        env.put("ALCHEMY_SIGNING_KEY", "plain:" + ALCHEMY_KEY);
        env.put("QUICKNODE_SECURITY_TOKEN", "plain:" + QUICKNODE_TOKEN);
        env.put("MORALIS_STREAMS_SECRET", "plain:" + MORALIS_SECRET);
        env.put("LOGS_SIGNING_SECRET", "plain:" + LOGS_SECRET);
        return env;
    }
}
