package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.MalformedLogException;
import me.grokme.pinning.webhook.providers.AlchemyAdapter;
import me.grokme.pinning.webhook.providers.BodyTooLargeException;
import me.grokme.pinning.webhook.providers.Delivery;
import me.grokme.pinning.webhook.providers.MalformedDeliveryException;
import me.grokme.pinning.webhook.providers.MoralisAdapter;
import me.grokme.pinning.webhook.providers.PlainLogsAdapter;
import me.grokme.pinning.webhook.providers.QuickNodeAdapter;
import me.grokme.pinning.webhook.providers.Verification;
import org.junit.jupiter.api.Test;

/** Each provider's signature scheme and body shapes. Known-answer values from the team's webhook research. */
class ProvidersTest {

    private static final Instant NOW = Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP);
    private final AlchemyAdapter alchemy = new AlchemyAdapter(() -> Deliveries.ALCHEMY_KEY);
    private final QuickNodeAdapter quicknode = new QuickNodeAdapter(() -> Deliveries.QUICKNODE_TOKEN, Duration.ofMinutes(5), 1, 1 << 20);
    private final MoralisAdapter moralis = new MoralisAdapter(() -> Deliveries.MORALIS_SECRET);
    private final PlainLogsAdapter logs = new PlainLogsAdapter(() -> Deliveries.LOGS_SECRET, Duration.ofMinutes(5), 1);

    private static Delivery delivery(Map<String, String> headers, String body) {
        return new Delivery(headers, body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void alchemyKnownAnswerSignatureVerifies() {
        String body = "{\"webhookId\":\"wh_grokme01\",\"id\":\"whevt_kat01\",\"createdAt\":\"2026-11-24T10:00:00.000Z\",\"type\":\"GRAPHQL\","
                + "\"event\":{\"data\":{\"block\":{\"logs\":[]}},\"sequenceNumber\":\"10000000000000000001\",\"network\":\"ETH_MAINNET\"}}";
        Delivery d = delivery(Map.of("x-alchemy-signature", "b60bcd7b2553dd2b92c5235aa96e4727d35cad13acaa26e4f5eba11205e52e37"), body);
        assertInstanceOf(Verification.Verified.class, alchemy.verify(d));
        assertTrue(alchemy.parse(d).isEmpty(), "an empty block delivery holds no logs");
    }

    @Test
    void quickNodeKnownAnswerSignatureVerifies() {
        String body = "{\"data\":[[]],\"metadata\":{\"dataset\":\"logs\",\"network\":\"ethereum-mainnet\"}}";
        Map<String, String> h = Map.of("x-qn-nonce", "6a3f1c2e9b7d4f08", "x-qn-timestamp", "1795521600",
                "x-qn-signature", "a5bfc908f3a44809abdb4facb1af77f381f2a5cd5a6db8b73cef26ed800bc384");
        assertInstanceOf(Verification.Verified.class, quicknode.verify(delivery(h, body)));
    }

    @Test
    void moralisKnownAnswerSignatureVerifiesAndTheTestDeliveryHoldsNothing() {
        String body = "{\"confirmed\":true,\"chainId\":\"\",\"abi\":{},\"streamId\":\"\",\"tag\":\"\",\"retries\":0,\"block\":{\"number\":\"\","
                + "\"hash\":\"\",\"timestamp\":\"\"},\"logs\":[],\"txs\":[],\"txsInternal\":[],\"erc20Transfers\":[],\"erc20Approvals\":[],"
                + "\"nftApprovals\":{\"ERC721\":[],\"ERC1155\":[]},\"nftTransfers\":[]}";
        Delivery d = delivery(Map.of("x-signature", "0x19f31158a33a3f57b676509931b6ba748661bf78ba5757cd9ee0417335306f27"), body);
        assertInstanceOf(Verification.Verified.class, moralis.verify(d));
        assertTrue(moralis.parse(d).isEmpty());
    }

    @Test
    void aSignatureOverAReserialisedBodyDoesNotVerify() {
        String body = Deliveries.alchemyBody(List.of(Deliveries.Mint.of(42, "ipfs://x")));
        Map<String, String> h = Deliveries.signedHeaders("alchemy", body, 0);
        String reserialised = body.replace(",\"type\"", ", \"type\"");
        assertInstanceOf(Verification.Rejected.class, alchemy.verify(delivery(h, reserialised)));
    }

    @Test
    void forgedMissingAndMalformedSignaturesAreRejectedWithoutRevealingTheExpectedValue() {
        String body = Deliveries.moralisBody(List.of(Deliveries.Mint.of(1, "ipfs://x")), true);
        for (Map<String, String> h : List.of(Map.<String, String>of(), Map.of("x-signature", "0xzz"), Map.of("x-signature", "0x" + "00".repeat(32)),
                Map.of("x-signature", "0x1"))) {
            Verification.Rejected r = assertInstanceOf(Verification.Rejected.class, moralis.verify(delivery(h, body)));
            assertFalse(r.reason().contains(Deliveries.MORALIS_SECRET));
            assertFalse(r.reason().matches(".*[0-9a-f]{64}.*"), r.reason());
        }
    }

    @Test
    void timestampedSchemesRejectReplaysOutsideTheWindow() {
        String body = Deliveries.logsBody(List.of(Deliveries.Mint.of(1, "ipfs://x")));
        Map<String, String> old = Deliveries.signedHeaders("logs", body, Deliveries.SAMPLE_TIMESTAMP - 301);
        Verification.Rejected r = assertInstanceOf(Verification.Rejected.class, logs.verify(delivery(old, body)));
        assertTrue(r.reason().contains("replay"), r.reason());
        Map<String, String> fresh = Deliveries.signedHeaders("logs", body, Deliveries.SAMPLE_TIMESTAMP - 299);
        assertInstanceOf(Verification.Verified.class, logs.verify(delivery(fresh, body)));
        String qn = Deliveries.quickNodeBody(List.of());
        assertInstanceOf(Verification.Rejected.class, quicknode.verify(delivery(
                Deliveries.signedHeaders("quicknode", qn, Deliveries.SAMPLE_TIMESTAMP + 3600), qn)));
    }

    @Test
    void quickNodeGzipBodiesAreVerifiedAfterInflatingAndBombsAreRefused() throws IOException {
        String body = Deliveries.quickNodeBody(List.of(Deliveries.Mint.of(7, "ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u")));
        Map<String, String> h = new HashMap<>(Deliveries.signedHeaders("quicknode", body, Deliveries.SAMPLE_TIMESTAMP));
        h.put("content-encoding", "gzip");
        Delivery inflated = quicknode.decode(new Delivery(h, gzip(body.getBytes(StandardCharsets.UTF_8)), NOW));
        assertInstanceOf(Verification.Verified.class, quicknode.verify(inflated));
        assertEquals(1, quicknode.parse(inflated).size());
        byte[] bomb = gzip(new byte[5 << 20]);
        assertTrue(bomb.length < 10_000);
        assertThrows(BodyTooLargeException.class, () -> quicknode.decode(new Delivery(h, bomb, NOW)));
        assertThrows(MalformedDeliveryException.class, () -> quicknode.decode(new Delivery(h, new byte[] {1, 2, 3}, NOW)));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void everyProviderNormalisesToTheSameLog() {
        Deliveries.Mint mint = Deliveries.Mint.of(42, "ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u");
        ChainLog a = alchemy.parse(delivery(Map.of(), Deliveries.alchemyBody(List.of(mint)))).get(0);
        ChainLog q = quicknode.parse(delivery(Map.of(), Deliveries.quickNodeBody(List.of(mint)))).get(0);
        ChainLog m = moralis.parse(delivery(Map.of(), Deliveries.moralisBody(List.of(mint), false))).get(0);
        ChainLog l = logs.parse(delivery(Map.of(), Deliveries.logsBody(List.of(mint)))).get(0);
        for (ChainLog c : List.of(a, q, m, l)) {
            assertEquals(a.key(), c.key());
            assertEquals(a.topics(), c.topics());
            assertEquals(a.data(), c.data());
            assertEquals(a.contract(), c.contract());
            assertEquals(mint.block(), c.blockNumber());
        }
        assertEquals(Optional.of(false), m.confirmed());
        assertEquals(17, a.logIndex());
    }

    @Test
    void quickNodeAcceptsFlatWrappedAndNestedBodies() {
        String log = Deliveries.rpcLog(Deliveries.Mint.of(1, "ipfs://x"));
        for (String body : List.of("[" + log + "]", "[[" + log + "]]", "{\"data\":[[" + log + "]],\"metadata\":{}}")) {
            assertEquals(1, quicknode.parse(delivery(Map.of(), body)).size(), body.substring(0, 12));
        }
    }

    @Test
    void malformedBodiesNameTheProblem() {
        // A malformed log inside a well-formed body: ChainLog's own check (the service answers both with 400).
        MalformedLogException e = assertThrows(MalformedLogException.class,
                () -> logs.parse(delivery(Map.of(), "[{\"address\":\"0x12\",\"topics\":[],\"data\":\"0x\",\"blockNumber\":\"0x1\","
                        + "\"transactionHash\":\"" + Deliveries.tx(1) + "\",\"logIndex\":\"0x0\"}]")));
        assertTrue(e.getMessage().contains("address"), e.getMessage());
        e = assertThrows(MalformedDeliveryException.class, () -> logs.parse(delivery(Map.of(), "{not json")));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(MalformedDeliveryException.class, () -> alchemy.parse(delivery(Map.of(),
                "{\"event\":{\"network\":\"MARS_MAINNET\",\"data\":{\"block\":{}}}}")));
        assertTrue(e.getMessage().contains("event.network"), e.getMessage());
        String badIndex = Deliveries.logsBody(List.of(Deliveries.Mint.of(1, "ipfs://x"))).replace("\"logIndex\":\"0x11\"", "\"logIndex\":\"zz\"");
        e = assertThrows(MalformedDeliveryException.class, () -> logs.parse(delivery(Map.of(), badIndex)));
        assertTrue(e.getMessage().contains("[0].logIndex"), e.getMessage());
    }

    /** The test webhook as Moralis's quickstart page prints it (nftApprovals as [], no abi), pretty-printed. */
    private static final String MORALIS_TEST_WEBHOOK = """
            {
              "block": {"hash": "", "number": "", "timestamp": ""},
              "txs": [], "txsInternal": [], "logs": [], "chainId": "", "tag": "", "streamId": "",
              "confirmed": true, "retries": 0, "erc20Approvals": [], "erc20Transfers": [], "nftApprovals": [], "nftTransfers": []
            }
            """;

    @Test
    void moralisTakesOnlyItsDocumentedTestWebhookAsADeliveryWithoutAChain() {
        assertTrue(moralis.parse(delivery(Map.of(), MORALIS_TEST_WEBHOOK)).isEmpty());
        Map<String, String> notTheTest = Map.of(
                "{\"foo\":1}", "chainId is missing",
                "{\"chainId\":\"\"}", "streamId is not \"\"",
                MORALIS_TEST_WEBHOOK.replace("\"logs\": []", "\"logs\": [{}]"), "logs is not []",
                MORALIS_TEST_WEBHOOK.replace("\"number\": \"\"", "\"number\": \"21000000\""), "block.number is not \"\"",
                MORALIS_TEST_WEBHOOK.replace("\"txs\": []", "\"txs\": [{\"hash\":\"0x1\"}]"), "txs is not []",
                MORALIS_TEST_WEBHOOK.replace("\"confirmed\": true", "\"confirmed\": false"), "confirmed is not true");
        notTheTest.forEach((body, problem) -> {
            MalformedDeliveryException e = assertThrows(MalformedDeliveryException.class, () -> moralis.parse(delivery(Map.of(), body)), body);
            assertTrue(e.getMessage().contains(problem), e.getMessage());
        });
    }

    @Test
    void contentAfterTheJsonValueIsRefused() {
        String body = Deliveries.logsBody(List.of(Deliveries.Mint.of(1, "ipfs://x")));
        assertEquals(1, logs.parse(delivery(Map.of(), body + " \r\n\t")).size(), "trailing whitespace is fine");
        for (String garbage : List.of("x", " []", "{}", "\u0000", ",", "]")) {
            MalformedDeliveryException e = assertThrows(MalformedDeliveryException.class,
                    () -> logs.parse(delivery(Map.of(), body + garbage)), garbage);
            assertTrue(e.getMessage().contains("after the JSON value"), e.getMessage());
        }
        assertThrows(MalformedDeliveryException.class, () -> quicknode.parse(delivery(Map.of(), "{\"data\":[[]]}{\"data\":[[]]}")));
        assertThrows(MalformedDeliveryException.class, () -> moralis.parse(delivery(Map.of(), Deliveries.moralisBody(List.of(), true) + "garbage")));
    }

    @Test
    void jsonErrorsAreOursNotJacksons() {
        Map<String, String> bodies = Map.of("{\"data\":[[", "ends before the JSON value is complete",
                "[" + "[".repeat(100) + "]".repeat(100) + "]", "nests deeper than 64",
                "{\"data\":[[}", "unexpected character, at byte 10",
                "[1" + "2".repeat(200) + "]", "longer than 100 digits",
                "{'data':1}", "unexpected character, at byte 1");
        bodies.forEach((body, expected) -> {
            MalformedDeliveryException e = assertThrows(MalformedDeliveryException.class, () -> quicknode.parse(delivery(Map.of(), body)));
            assertTrue(e.getMessage().startsWith("body is not valid JSON: ") && e.getMessage().contains(expected), e.getMessage());
            for (String internal : List.of("Exception", "Source", "line:", "column:", "REDACTED", "was expecting", "StreamRead")) {
                assertFalse(e.getMessage().contains(internal), e.getMessage());
            }
            assertFalse(e.detail().isEmpty(), "the parser's own words are kept for the log");
        });
    }
}
