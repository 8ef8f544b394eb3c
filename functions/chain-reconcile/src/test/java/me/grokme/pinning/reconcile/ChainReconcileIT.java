package me.grokme.pinning.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import me.grokme.pinning.ledger.TokenRef;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.MintDecoder;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FailingDynamoDb;
import me.grokme.pinning.testing.TestCids;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reconciliation end to end on a real EVM (ganache): mints on chain, some delivered by "webhook" (the
 * same intake the webhook uses), the rest found by eth_getLogs; reorganisations with evm_snapshot/revert;
 * a node that refuses wide ranges; ERC-721 mode on a standard contract.
 */
class ChainReconcileIT {

    private static final AtomicInteger NEXT_CID = new AtomicInteger(1);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static Ganache ganache;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        ganache = Ganache.start();
    }

    @AfterAll
    static void stop() {
        if (ganache != null) {
            ganache.close();
        }
    }

    private static List<Cid> freshCids(int n) {
        List<Cid> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestCids.raw(100_000 + NEXT_CID.getAndIncrement()));
        }
        return out;
    }

    private static List<String> uris(List<Cid> cids) {
        return cids.stream().map(c -> "ipfs://" + c).toList();
    }

    private static ReconcileFixture fixture(String contract, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("CONTRACT_ADDRESSES", contract,
                "RECONCILE_START_BLOCK", Long.toString(ganache.blockNumber())));
        all.putAll(env);
        return new ReconcileFixture(ganache.url(), Ganache.CHAIN_ID, all);
    }

    /** Delivers one transaction's logs the way the webhook records them (same intake, provider "alchemy"). */
    private static void deliverByWebhook(ReconcileFixture f, JsonNode receipt) {
        deliverByWebhook(f, receipt, false);
    }

    /** As above; {@code withoutBlockHash}: as a provider that sends no block hash. */
    private static void deliverByWebhook(ReconcileFixture f, JsonNode receipt, boolean withoutBlockHash) {
        long block = Long.decode(receipt.get("blockNumber").asText());
        MintDecoder decoder = f.config.mint().decoder();
        MintIntake intake = new MintIntake(f.ledger, f.cluster, f.rpc, f.config.mint().policy(), f.clock,
                new JsonLog("pin-webhook", "webhook", new PrintStream(OutputStream.nullOutputStream()), f.clock));
        MintIntake.Batch batch = intake.batch("alchemy", "webhook-test");
        for (ChainLog found : f.rpc.logs(f.config.mint().contracts().iterator().next(), decoder.topicFilter(), block, block)) {
            ChainLog l = withoutBlockHash ? new ChainLog(found.chainId(), found.contract(), found.topics(), found.data(), found.blockNumber(), "",
                    found.txHash(), found.logIndex(), false, found.confirmed()) : found;
            batch.add(decoder.decode(l), l);
        }
        batch.submit();
        assertFalse(batch.results().isEmpty(), "no mint logs in block " + block);
    }

    /** The value of {@code name} in the last EMF line that holds it. */
    private static long metric(ReconcileFixture f, String name) {
        long value = -1;
        for (String line : f.logText().split("\n")) {
            if (line.contains("\"_aws\"") && line.contains("\"" + name + "\"")) {
                try {
                    value = new ObjectMapper().readTree(line).get(name).asLong();
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        assertTrue(value >= 0, "no EMF line with " + name);
        return value;
    }

    private static Map<String, AttributeValue> logItem(ReconcileFixture f, String txHash, long logIndex) {
        return DynamoDbLocal.client().getItem(g -> g.tableName(f.table).key(Map.of(
                LedgerTable.PK, AttributeValue.fromS("LOG#" + Ganache.CHAIN_ID + "#" + txHash + "#" + logIndex),
                LedgerTable.SK, AttributeValue.fromS("LOG")))).item();
    }

    @Test
    void backfillFindsTheMintsWebhooksMissedAndPinsEveryTokensCidsExactlyOnce() {
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = fixture(contract, Map.of("DEEP_PINNING", "true"))) {
            List<Cid> cids = freshCids(40);
            List<Cid> images = freshCids(40);
            for (int i = 0; i < cids.size(); i++) {
                // Each token's metadata names its image: deep pinning must pin that too, once.
                f.sim.putContent(cids.get(i), ("{\"name\":\"t" + i + "\",\"image\":\"ipfs://" + images.get(i) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                // Deep pinning reads each reference to tell a further JSON document from content: the image is there.
                f.sim.putContent(images.get(i), PNG);
            }
            List<JsonNode> receipts = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                receipts.add(ganache.mintBatch(contract, uris(cids.subList(batch * 10, batch * 10 + 10))));
            }
            // The webhook delivered batches 0 and 2 (one of them twice); 1 and 3 were dropped by the provider.
            deliverByWebhook(f, receipts.get(0));
            deliverByWebhook(f, receipts.get(2));
            deliverByWebhook(f, receipts.get(2));
            assertEquals(20, f.pinPosts());
            ganache.mine(12); // the default confirmation depth

            ReconcileReport report = f.service.run("run-1");

            StreamReport s = report.streams().get(0);
            assertTrue(s.error().isEmpty(), s.toString());
            assertEquals(40, s.logs());
            assertEquals(20L, s.outcomes().get("duplicate"));
            assertEquals(20L, s.outcomes().getOrDefault("pinned", 0L));
            assertEquals(0L, s.outcomes().getOrDefault("accepted", 0L), "a pinned log is not also counted as accepted: " + s.outcomes());
            assertEquals(20, metric(f, "reconcile_recovered_mints"), "the 20 mints the webhooks missed, each counted once");
            assertEquals(ganache.blockNumber() - 12, s.checkpoint());
            assertEquals(40, report.deepPinning().orElseThrow().done());
            for (int i = 0; i < cids.size(); i++) {
                String tokenId = Integer.toString(i + 1);
                assertTrue(f.sim.truth(cids.get(i)).isPresent(), "metadata pinned in the cluster: " + cids.get(i));
                assertEquals("genesis-" + tokenId + "-image", f.sim.truth(images.get(i)).orElseThrow().name());
                assertEquals(PinState.SUBMITTED, f.ledger.findPin(cids.get(i).toString()).orElseThrow().state());
                assertEquals(Set.of(cids.get(i).toString(), images.get(i).toString()),
                        Set.copyOf(f.ledger.cidsForToken(new TokenRef("genesis", tokenId))));
            }
            assertEquals(80, f.pinPosts(), "every token's CIDs pinned exactly once across webhook, backfill and deep pinning");
            String missedTx = receipts.get(1).get("transactionHash").asText();
            assertEquals("backfill", logItem(f, missedTx, 3).get("provider").s());
            assertEquals("alchemy", logItem(f, receipts.get(0).get("transactionHash").asText(), 3).get("provider").s());
            assertEquals(5, report.rpcCalls(), "chainId, head, two getLogs (mints; token range events), the checkpoint's block hash");

            // A second run starts at the checkpoint: nothing to read, nothing pinned again.
            ReconcileReport again = f.service.run("run-2");
            assertEquals(0, again.streams().get(0).logs());
            assertEquals(0, again.deepPinning().orElseThrow().tasks());
            assertEquals(80, f.pinPosts());
        }
    }

    @Test
    void aCollectionWhoseTokensShareOneDirectoryIsBackfilledInParallelPartitionsInOneRun() {
        // ipfs://<dir>/<n>.json for every token: one pin request that all partitions write to at once.
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = fixture(contract, Map.of("CONFIRMATIONS", "0", "RECONCILE_PARALLELISM", "8"))) {
            Cid directory = freshCids(1).get(0);
            List<String> uris = new ArrayList<>();
            for (int i = 1; i <= 150; i++) {
                uris.add("ipfs://" + directory + "/" + i + ".json");
            }
            ganache.mintBatch(contract, uris);

            StreamReport s = f.service.run("collection").streams().get(0);

            assertTrue(s.error().isEmpty(), "concurrent writes to the shared request must not stop the run: " + s);
            assertEquals(150, s.logs());
            assertEquals(ganache.blockNumber(), s.checkpoint());
            PinRequest request = f.ledger.findPin(directory.toString()).orElseThrow();
            assertEquals(150, request.tokenCount(), "every token counted, the first ones listed: " + request.tokenIds().size());
            assertEquals(150, request.activeLogs().size() + request.moreActiveLogs());
            assertEquals(request.clusterName(), f.sim.truth(directory).orElseThrow().name(), "one name, never renamed");
            assertEquals(1, f.pinPosts(), "every token of the directory in one partition: submitted once, not once per partition");
        }
    }

    @Test
    void anErc721CollectionsDirectoryIsSubmittedOnceThoughItsUrisAreReadPerToken() {
        // In ERC-721 mode the log holds only the token id: the CID, and so the partition, comes from tokenURI.
        String contract = ganache.deploy("StandardMint721");
        String holder = ganache.accounts().get(1);
        try (ReconcileFixture f = fixture(contract, Map.of("MINT_MODE", "erc721", "CONFIRMATIONS", "0", "RECONCILE_PARALLELISM", "8"))) {
            Cid directory = freshCids(1).get(0);
            for (int i = 1; i <= 24; i++) {
                ganache.mint721(contract, holder, "ipfs://" + directory + "/" + i + ".json");
            }

            StreamReport s = f.service.run("erc721-collection").streams().get(0);

            assertTrue(s.error().isEmpty(), s.toString());
            assertEquals(24, s.logs());
            assertEquals(24, f.ledger.findPin(directory.toString()).orElseThrow().tokenCount());
            assertEquals(1, f.pinPosts(), "one POST for the directory, not one per partition");
        }
    }

    @Test
    void onlyConfirmedBlocksAreReadSoAMintReorgedAwayIsNeverRecorded() {
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = fixture(contract, Map.of("CONFIRMATIONS", "3"))) {
            String snapshot = ganache.snapshot();
            List<Cid> orphaned = freshCids(2);
            ganache.mint(contract, "ipfs://" + orphaned.get(0));
            ganache.mint(contract, "ipfs://" + orphaned.get(1));
            StreamReport first = f.service.run("before-reorg").streams().get(0);
            assertEquals(0, first.logs(), "the two mints are not 3 blocks deep yet");
            assertTrue(first.checkpoint() < ganache.blockNumber() - 1);

            ganache.revert(snapshot); // the two blocks vanish: a reorganisation
            List<Cid> canonical = freshCids(1);
            ganache.mint(contract, "ipfs://" + canonical.get(0));
            ganache.mine(3);
            StreamReport second = f.service.run("after-reorg").streams().get(0);
            assertEquals(1, second.logs());
            assertTrue(f.sim.truth(canonical.get(0)).isPresent());
            for (Cid gone : orphaned) {
                assertTrue(f.sim.truth(gone).isEmpty(), "a mint that was reorged away is never pinned");
                assertTrue(f.ledger.findPin(gone.toString()).isEmpty());
            }
        }
    }

    @Test
    void aReorgDeeperThanTheConfirmationDepthIsDetectedByTheCheckpointHashAndReRead() {
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = fixture(contract, Map.of("CONFIRMATIONS", "0", "REORG_REWIND_BLOCKS", "16"))) {
            String snapshot = ganache.snapshot();
            Cid replaced = freshCids(1).get(0);
            ganache.mint(contract, "ipfs://" + replaced);
            assertEquals(1, f.service.run("first").streams().get(0).logs());

            ganache.revert(snapshot);
            Cid canonical = freshCids(1).get(0);
            ganache.mint(contract, "ipfs://" + canonical); // same height, another block
            StreamReport s = f.service.run("second").streams().get(0);
            assertTrue(s.deepReorg(), s.toString());
            assertTrue(f.sim.truth(canonical).isPresent(), "the canonical mint at the re-read height is found");
            assertTrue(f.logText().contains("reorganisation deeper than the confirmation depth"));
            assertEquals(ganache.blockNumber(), f.ledger.checkpoint(Ganache.CHAIN_ID + "#" + contract).orElseThrow().block());
        }
    }

    private static Map<String, AttributeValue> tokenLink(ReconcileFixture f, String tokenId, Cid cid) {
        return DynamoDbLocal.client().getItem(g -> g.tableName(f.table).key(Map.of(LedgerTable.PK, AttributeValue.fromS("TOKEN#" + tokenId),
                LedgerTable.SK, AttributeValue.fromS("CID#" + cid)))).item();
    }

    private static String tokenOf(JsonNode receipt) {
        return new BigInteger(receipt.get("logs").get(0).get("topics").get(1).asText().substring(2), 16).toString();
    }

    @Test
    void mintsFromBlocksADeepReorgReplacedAreMarkedOrphanedAndOnlyContentNothingLiveUsesIsQueuedForRelease() {
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = fixture(contract, Map.of("CONFIRMATIONS", "1", "REORG_REWIND_BLOCKS", "16"))) {
            long start = ganache.blockNumber();
            List<Cid> cids = freshCids(3);
            Cid orphanedOnly = cids.get(0);
            Cid shared = cids.get(1);
            Cid canonical = cids.get(2);
            String snapshot = ganache.snapshot();
            JsonNode gone1 = ganache.mint(contract, "ipfs://" + orphanedOnly);
            JsonNode gone2 = ganache.mint(contract, "ipfs://" + shared);
            ganache.mine(1);
            assertEquals(2, f.service.run("before").streams().get(0).logs());

            ganache.revert(snapshot); // deeper than CONFIRMATIONS: both mints were confirmed and recorded
            // Other transactions (an identical one would be the same log, canonical again), the same token ids.
            JsonNode now1 = ganache.mint(contract, "ipfs://" + shared);
            JsonNode now2 = ganache.mint(contract, "ipfs://" + canonical);
            ganache.mine(3);
            StreamReport s = f.service.run("after").streams().get(0);
            assertTrue(s.deepReorg(), s.toString());
            assertEquals(2L, s.outcomes().get("orphaned"), s.toString());
            assertEquals(2, metric(f, "reconcile_orphaned_mints"));

            for (JsonNode gone : List.of(gone1, gone2)) {
                Map<String, AttributeValue> item = logItem(f, gone.get("transactionHash").asText(), 0);
                assertEquals("REORGED", item.get("outcome").s());
                assertEquals("deep_reorg", item.get("reorgReason").s());
            }
            String token1 = tokenOf(now1);
            String token2 = tokenOf(now2);
            assertEquals(tokenOf(gone1), token1);
            assertEquals(tokenOf(gone2), token2);
            assertEquals("deep_reorg", tokenLink(f, token1, orphanedOnly).get("orphanReason").s(), "the token shows its orphaned mint");
            assertFalse(tokenLink(f, token1, shared).containsKey("orphanReason"), "and its canonical one as live");
            assertEquals("deep_reorg", tokenLink(f, token2, shared).get("orphanReason").s());
            assertFalse(tokenLink(f, token2, canonical).containsKey("orphanReason"));
            assertEquals(List.of(orphanedOnly.toString()),
                    f.ledger.releaseDue(f.clock.instant(), 10).stream().map(me.grokme.pinning.ledger.ReleaseCandidate::cid).toList(),
                    "the shared CID is used by token 1's canonical mint: never queued");
            assertTrue(f.ledger.findPin(shared.toString()).orElseThrow().hasActiveLog());
            assertEquals(2, f.ledger.logsInBlocks(Ganache.CHAIN_ID, start, ganache.blockNumber()).stream().filter(l -> l.live()).count());
            assertEquals(0L, f.service.run("again").streams().get(0).outcomes().getOrDefault("orphaned", 0L), "marked once");
        }
    }

    @Test
    void aWebhookMintFromAReplacedBlockIsFoundOrphanedWhenItsBlocksAreConfirmedWithOrWithoutABlockHash() {
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = fixture(contract, Map.of("CONFIRMATIONS", "3"))) {
            List<Cid> cids = freshCids(3);
            f.service.run("checkpoint"); // the checkpoint stands below the mints: no deep reorg is involved
            String snapshot = ganache.snapshot();
            JsonNode withHash = ganache.mint(contract, "ipfs://" + cids.get(0));
            JsonNode withoutHash = ganache.mint(contract, "ipfs://" + cids.get(1));
            deliverByWebhook(f, withHash);
            deliverByWebhook(f, withoutHash, true);
            ganache.revert(snapshot); // a reorganisation the indexer never reported (no removed: true)
            JsonNode canonical = ganache.mint(contract, "ipfs://" + cids.get(2));
            deliverByWebhook(f, canonical, true); // canonical, recorded without its block hash
            ganache.mine(4);

            StreamReport s = f.service.run("confirmed").streams().get(0);
            assertFalse(s.deepReorg(), s.toString());
            assertEquals(2L, s.outcomes().get("orphaned"), s.toString());
            assertEquals("REORGED", logItem(f, withHash.get("transactionHash").asText(), 0).get("outcome").s());
            assertEquals("REORGED", logItem(f, withoutHash.get("transactionHash").asText(), 0).get("outcome").s(),
                    "no receipt on the canonical chain");
            assertEquals("ACCEPTED", logItem(f, canonical.get("transactionHash").asText(), 0).get("outcome").s(),
                    "its transaction's receipt is in its block");
        }
    }

    @Test
    void rangesTheNodeRefusesAreNarrowedAndTheBackfillStillCompletes() throws IOException {
        String contract = ganache.deploy("GrokmeGenesis");
        long start = ganache.blockNumber();
        List<Cid> cids = freshCids(30);
        for (Cid cid : cids) {
            ganache.mint(contract, "ipfs://" + cid); // one block each
        }
        ganache.mine(12);
        try (MockWebServer limited = rangeLimitedProxy(8)) {
            ReconcileFixture f = new ReconcileFixture(limited.url("/").uri(), Ganache.CHAIN_ID, Map.of("CONTRACT_ADDRESSES", contract,
                    "RECONCILE_START_BLOCK", Long.toString(start), "RECONCILE_MAX_RANGE", "1000"));
            try (f) {
                StreamReport s = f.service.run("limited").streams().get(0);
                assertTrue(s.error().isEmpty(), s.toString());
                assertEquals(30, s.logs());
                assertTrue(s.refusals() >= 2, "refused, narrowed: " + s);
                assertTrue(s.ranges() >= 4, "31 blocks, at most 8 per answer: " + s);
                for (Cid cid : cids) {
                    assertTrue(f.sim.truth(cid).isPresent());
                }
                assertEquals(30, f.pinPosts());
            }
        }
    }

    /**
     * A JSON-RPC proxy in front of ganache that refuses eth_getLogs over more than {@code maxBlocks} blocks the
     * way Alchemy does (with its suggested range every other time, Infura's wording otherwise).
     */
    private static MockWebServer rangeLimitedProxy(int maxBlocks) throws IOException {
        ObjectMapper json = new ObjectMapper();
        OkHttpClient http = new OkHttpClient();
        AtomicInteger refusals = new AtomicInteger();
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    String body = request.getBody().utf8();
                    JsonNode call = json.readTree(body);
                    if (call.get("method").asText().equals("eth_getLogs")) {
                        JsonNode filter = call.get("params").get(0);
                        long from = Long.decode(filter.get("fromBlock").asText());
                        long to = Long.decode(filter.get("toBlock").asText());
                        if (to - from + 1 > maxBlocks) {
                            String message = refusals.getAndIncrement() % 2 == 0
                                    ? "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit "
                                            + "on the response size. Based on your parameters, this block range should work: [0x"
                                            + Long.toHexString(from) + ", 0x" + Long.toHexString(from + maxBlocks - 1) + "]"
                                    : "query returned more than 10000 results";
                            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                                    .body("{\"jsonrpc\":\"2.0\",\"id\":" + call.get("id") + ",\"error\":{\"code\":-32602,\"message\":\""
                                            + message + "\"}}").build();
                        }
                    }
                    try (Response r = http.newCall(new Request.Builder().url(ganache.url().toString())
                            .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
                        return new MockResponse.Builder().code(r.code()).addHeader("Content-Type", "application/json")
                                .body(r.body().string()).build();
                    }
                } catch (IOException e) {
                    return new MockResponse.Builder().code(502).build();
                }
            }
        });
        server.start();
        return server;
    }

    @Test
    void erc721ModeTakesTransfersFromZeroAsMintsAndReadsTokenUri() {
        String contract = ganache.deploy("StandardMint721");
        List<String> holders = ganache.accounts();
        try (ReconcileFixture f = fixture(contract, Map.of("MINT_MODE", "erc721", "CONFIRMATIONS", "0", "DEEP_PINNING", "true"))) {
            List<Cid> cids = freshCids(3);
            List<Cid> images = freshCids(3);
            List<String> tokenIds = new ArrayList<>();
            for (int i = 0; i < cids.size(); i++) {
                Cid cid = cids.get(i);
                // Each token URI names a file inside its CID: deep pinning must read that file, not the directory.
                f.sim.putContent(cid, "/metadata.json", ("{\"image\":\"ipfs://" + images.get(i) + "\"}").getBytes(StandardCharsets.UTF_8));
                f.sim.putContent(images.get(i), PNG);
                JsonNode receipt = ganache.mint721(contract, holders.get(1), "ipfs://" + cid + "/metadata.json");
                tokenIds.add(new BigInteger(receipt.get("logs").get(0).get("topics").get(3).asText().substring(2), 16).toString());
            }
            ganache.mint721(contract, holders.get(1), "https://api.example.com/4.json"); // not IPFS: rejected with a reason
            Cid burnedCid = freshCids(1).get(0);
            JsonNode burnedMint = ganache.mint721(contract, holders.get(2), "ipfs://" + burnedCid);
            String burnedId = new BigInteger(burnedMint.get("logs").get(0).get("topics").get(3).asText().substring(2), 16).toString();
            ganache.send(holders.get(2), contract, new Function("burn",
                    List.of(new Uint256(new BigInteger(burnedId))), List.of()));
            ganache.send(holders.get(1), contract, new Function("transferFrom",
                    List.of(new Address(holders.get(1)), new Address(holders.get(3)),
                            new Uint256(new BigInteger(tokenIds.get(0)))), List.of()));

            StreamReport s = f.service.run("erc721").streams().get(0);

            assertTrue(s.error().isEmpty(), s.toString());
            assertEquals(5, s.logs(), "5 mints; the transfer and the burn are filtered out by topic1 = 0x0");
            assertEquals(4L, s.outcomes().getOrDefault("pinned", 0L), "the 3 tokens and the one burned since: " + s.outcomes());
            assertEquals(1L, s.outcomes().get("rejected"));
            for (int i = 0; i < cids.size(); i++) {
                assertTrue(f.sim.truth(cids.get(i)).isPresent());
                assertEquals("genesis-" + tokenIds.get(i) + "-image", f.sim.truth(images.get(i)).orElseThrow().name());
                assertEquals(Set.of(cids.get(i).toString(), images.get(i).toString()), Set.copyOf(f.ledger.cidsForToken(new TokenRef("genesis", tokenIds.get(i)))));
            }
            assertEquals("genesis-" + tokenIds.get(0), f.sim.truth(cids.get(0)).orElseThrow().name());
            // tokenURI is read at the mint's block, where the burned token still exists: the backfill pins what the
            // webhook pinned when the mint was delivered (at latest, the burn made it revert and the mint was lost).
            String burnedTx = burnedMint.get("transactionHash").asText();
            assertEquals("ACCEPTED", logItem(f, burnedTx, 0).get("outcome").s());
            assertTrue(f.sim.truth(burnedCid).isPresent());
            assertEquals(List.of(burnedCid.toString()), f.ledger.cidsForToken(new TokenRef("genesis", burnedId)));
        }
    }

    @Test
    void ledgerFailuresMidRangeKeepTheCheckpointAndTheNextRunFinishesTheJob() {
        String contract = ganache.deploy("GrokmeGenesis");
        long start = ganache.blockNumber();
        List<Cid> cids = freshCids(24);
        ganache.mintBatch(contract, uris(cids));
        ganache.mine(12);
        FailingDynamoDb dynamo = new FailingDynamoDb(DynamoDbLocal.client());
        try (ReconcileFixture f = new ReconcileFixture(ganache.url(), Ganache.CHAIN_ID, Map.of("CONTRACT_ADDRESSES", contract,
                "RECONCILE_START_BLOCK", Long.toString(start)), dynamo)) {
            dynamo.failNextWrites(5);
            StreamReport failed = f.service.run("throttled").streams().get(0);
            assertTrue(failed.error().isPresent(), failed.toString());
            assertTrue(f.ledger.checkpoint(Ganache.CHAIN_ID + "#" + contract).isEmpty(), "the range is not marked read");

            StreamReport retried = f.service.run("retry").streams().get(0);
            assertTrue(retried.error().isEmpty(), retried.toString());
            assertEquals(24, retried.logs());
            for (Cid cid : cids) {
                assertTrue(f.sim.truth(cid).isPresent(), "pinned after the retry: " + cid);
                assertEquals(PinState.SUBMITTED, f.ledger.findPin(cid.toString()).orElseThrow().state());
            }
        }
    }

    @Test
    void anUnreachableNodeStopsTheRunWithoutMovingTheCheckpointAndFailsTheInvocation() {
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = new ReconcileFixture(URI.create("http://127.0.0.1:1/"), Ganache.CHAIN_ID,
                Map.of("CONTRACT_ADDRESSES", contract))) {
            ReconcileReport report = f.service.run("down");
            assertTrue(report.failed());
            assertTrue(f.ledger.checkpoint(Ganache.CHAIN_ID + "#" + contract).isEmpty());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ReconcileHandler(f.service).handleRequest(null, null));
            assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        }
    }

    @Test
    void aNodeOnAnotherChainIsRefused() {
        String contract = ganache.deploy("GrokmeGenesis");
        try (ReconcileFixture f = new ReconcileFixture(ganache.url(), 1, Map.of("CONTRACT_ADDRESSES", contract))) {
            ReconcileReport report = f.service.run("wrong-chain");
            assertTrue(report.failed());
            assertTrue(report.streams().get(0).error().orElseThrow().contains("serves chain 1337"));
            assertFalse(f.logText().contains("127.0.0.1:" + ganache.url().getPort() + "/"), "the RPC URL is never logged");
        }
    }
}
