package me.grokme.pinning.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import me.grokme.pinning.ledger.TokenRef;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.MintDecoder;
import me.grokme.pinning.chain.TokenUriSource;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.LogOutcome;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every pointer the chain makes, on a real EVM (ganache) with contracts/src/UpdatableCollection.sol: ERC-4906 metadata
 * updates (the old URIs stay pinned, the latest is current), ERC-2309 consecutive mints of thousands of tokens worked
 * in pages with a checkpoint, and a metadata tree three levels deep with relative references and a cycle — each CID
 * pinned exactly once and linked to its token.
 */
class TokenEventsIT {

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

    private static Cid freshCid() {
        return TestCids.raw(300_000 + NEXT_CID.getAndIncrement());
    }

    private static ReconcileFixture fixture(String contract, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("CONTRACT_ADDRESSES", contract, "CONFIRMATIONS", "0",
                "RECONCILE_START_BLOCK", Long.toString(ganache.blockNumber())));
        all.putAll(env);
        return new ReconcileFixture(ganache.url(), Ganache.CHAIN_ID, all);
    }

    private static JsonNode mint(String contract, String uri) {
        return ganache.send(contract, new Function("mint", List.<Type>of(new Address(ganache.accounts().get(1)), new Utf8String(uri)), List.of()));
    }

    private static JsonNode setTokenUri(String contract, long tokenId, String uri) {
        return ganache.send(contract, new Function("setTokenURI", List.<Type>of(new Uint256(tokenId), new Utf8String(uri)), List.of()));
    }

    private static JsonNode setBaseUri(String contract, String base, long from, long to) {
        return ganache.send(contract, new Function("setBaseURI", List.<Type>of(new Utf8String(base), new Uint256(from), new Uint256(to)),
                List.of()));
    }

    private static JsonNode mintConsecutive(String contract, int count) {
        return ganache.send(contract, new Function("mintConsecutive", List.<Type>of(new Address(ganache.accounts().get(2)),
                new Uint256(count)), List.of()));
    }

    /** Delivers one transaction's logs (mints and token range events) the way the webhook records them. */
    private static List<me.grokme.pinning.mint.LogResult> deliverByWebhook(ReconcileFixture f, JsonNode receipt) {
        long block = Long.decode(receipt.get("blockNumber").asText());
        String contract = f.config.mint().contracts().iterator().next();
        MintDecoder decoder = f.config.mint().decoder();
        MintIntake.Batch batch = new MintIntake(f.ledger, f.cluster, f.rpc, f.config.mint().policy(), f.clock,
                new JsonLog("pin-webhook", "webhook", new PrintStream(OutputStream.nullOutputStream()), f.clock)).batch("alchemy", "webhook");
        List<ChainLog> logs = new ArrayList<>(f.rpc.logs(contract, decoder.topicFilter(), block, block));
        logs.addAll(f.rpc.logsWithTopic0(contract, decoder.tokenEventTopics(), block, block));
        for (ChainLog l : logs) {
            batch.add(decoder.decode(l), l);
        }
        batch.submit();
        return batch.results();
    }

    /** The token's links: CID → the item (role, uriAt, via…). */
    private static Map<String, Map<String, AttributeValue>> links(ReconcileFixture f, String tokenId) {
        Map<String, Map<String, AttributeValue>> out = new LinkedHashMap<>();
        DynamoDbLocal.client().query(q -> q.tableName(f.table).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TOKEN#" + tokenId)))).items()
                .forEach(i -> out.put(i.get("cid").s(), i));
        return out;
    }

    /** The token URI links (not the CIDs deep pinning found), latest set on chain first. */
    private static List<String> tokenUrisLatestFirst(ReconcileFixture f, String tokenId) {
        return links(f, tokenId).values().stream().filter(i -> !i.containsKey("via"))
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("uriAt").s()).reversed())
                .map(i -> i.get("cid").s()).toList();
    }

    private static Map<String, AttributeValue> rangeJob(ReconcileFixture f, JsonNode receipt, int logIndex) {
        return DynamoDbLocal.client().getItem(g -> g.tableName(f.table).key(Map.of(
                LedgerTable.PK, AttributeValue.fromS("LOG#" + Ganache.CHAIN_ID + "#" + receipt.get("transactionHash").asText() + "#" + logIndex),
                LedgerTable.SK, AttributeValue.fromS("RANGE")))).item();
    }

    @ParameterizedTest
    @ValueSource(strings = {"event", "erc721"})
    void aTokenWhoseMetadataIsUpdatedTwiceKeepsAllThreeCidsPinnedOnceTheLatestCurrent(String mode) {
        String contract = ganache.deploy("UpdatableCollection");
        try (ReconcileFixture f = fixture(contract, Map.of("MINT_MODE", mode, "DEEP_PINNING", "true"))) {
            List<Cid> metadata = List.of(freshCid(), freshCid(), freshCid());
            List<Cid> images = List.of(freshCid(), freshCid(), freshCid());
            for (int v = 0; v < 3; v++) {
                f.sim.putContent(metadata.get(v), ("{\"name\":\"v" + v + "\",\"image\":\"ipfs://" + images.get(v) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                f.sim.putContent(images.get(v), PNG);
            }
            JsonNode minted = mint(contract, "ipfs://" + metadata.get(0));
            JsonNode first = setTokenUri(contract, 1, "ipfs://" + metadata.get(1));
            setTokenUri(contract, 1, "ipfs://" + metadata.get(2)); // this update's webhook delivery was dropped
            // The webhook delivered the mint and the first update: the update is recorded as a job, answered at once.
            deliverByWebhook(f, minted);
            List<me.grokme.pinning.mint.LogResult> update = deliverByWebhook(f, first);
            assertEquals(1, update.size(), update.toString());
            assertEquals(LogOutcome.ACCEPTED, update.get(0).outcome());
            assertTrue(update.get(0).reason().orElseThrow().contains("the chain reconciliation reads their tokenURI"), update.toString());
            assertEquals("alchemy", rangeJob(f, first, 0).get("provider").s());

            ReconcileReport report = f.service.run("updates-" + mode);

            assertFalse(report.failed(), report.toString());
            assertEquals(2, report.ranges().finished(), "both updates: the delivered one and the one the chain shows");
            assertEquals(2, report.ranges().tokens());
            for (Cid cid : List.of(metadata.get(0), metadata.get(1), metadata.get(2), images.get(0), images.get(1), images.get(2))) {
                assertTrue(f.sim.truth(cid).isPresent(), "pinned: " + cid);
            }
            assertEquals(6, f.pinPosts(), "three metadata versions and their three images, each pinned exactly once");
            assertEquals(List.of(metadata.get(2).toString(), metadata.get(1).toString(), metadata.get(0).toString()),
                    tokenUrisLatestFirst(f, "1"), "the latest update's URI is current; the two before it stay, previous");
            Map<String, Map<String, AttributeValue>> links = links(f, "1");
            assertEquals(6, links.size(), links.keySet().toString());
            for (int v = 0; v < 3; v++) {
                assertEquals(metadata.get(v).toString(), links.get(images.get(v).toString()).get("via").s(), "each image through its version");
            }
            assertEquals("DONE", rangeJob(f, first, 0).get("state").s());

            // Nothing is pinned twice when the chain is read again (a reorg rewind, a re-deployed stack).
            f.ledger.saveCheckpoint(Ganache.CHAIN_ID + "#" + contract, java.util.Optional.of(report.streams().get(0).checkpoint()),
                    new me.grokme.pinning.ledger.ChainCheckpoint(Long.decode(minted.get("blockNumber").asText()) - 1, "", f.clock.instant()));
            ReconcileReport again = f.service.run("again-" + mode);
            assertEquals(0, again.ranges().jobs(), "the updates' jobs are recorded already: duplicates");
            assertEquals(6, f.pinPosts());
        }
    }

    @Test
    void aContractNotWatchedCannotTriggerUpdates() {
        String watched = ganache.deploy("UpdatableCollection");
        String other = ganache.deploy("UpdatableCollection");
        try (ReconcileFixture f = fixture(watched, Map.of("MINT_MODE", "erc721"))) {
            Cid cid = freshCid();
            mint(other, "ipfs://" + freshCid());
            JsonNode update = setTokenUri(other, 1, "ipfs://" + cid);
            setBaseUri(other, "ipfs://" + freshCid() + "/", 1, 1);
            MintDecoder decoder = f.config.mint().decoder();
            for (ChainLog l : f.rpc.logsWithTopic0(other, decoder.tokenEventTopics(), 0, ganache.blockNumber())) {
                assertEquals("ignored_other_contract",
                        ((me.grokme.pinning.chain.DecodeOutcome.Ignored) decoder.decode(l)).counter(), "a delivery naming the other contract");
            }

            ReconcileReport report = f.service.run("unwatched");

            assertEquals(0, report.ranges().jobs());
            assertEquals(0, f.pinPosts());
            assertTrue(rangeJob(f, update, 0).isEmpty());
        }
    }

    @Test
    void aConsecutiveTransferOf5000TokensMintsEveryTokenAndPinsTheirCidsOnce() {
        String contract = ganache.deploy("UpdatableCollection");
        try (ReconcileFixture f = fixture(contract, Map.of("MINT_MODE", "erc721", "TOKEN_RANGE_PAGE", "1000"))) {
            Cid directory = freshCid();
            Cid single = freshCid();
            setBaseUri(contract, "ipfs://" + directory + "/", 1, 0); // before any token: announces nothing
            mint(contract, "ipfs://" + single); // token 1, a plain ERC-721 mint
            JsonNode bulk = mintConsecutive(contract, 5_000); // tokens 2..5001 in one log
            assertEquals(1, bulk.get("logs").size(), "one ConsecutiveTransfer, no per-token Transfer");

            long started = System.nanoTime();
            ReconcileReport report = f.service.run("consecutive");
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertFalse(report.failed(), report.toString());
            assertEquals(new RangeReport(1, 1, 5, 5_000, 0, java.util.Optional.empty()), report.ranges(),
                    "5,000 tokens in pages of 1,000, each page a checkpoint (" + millis + " ms)");
            assertEquals(5_000, f.ledger.findPin(directory.toString()).orElseThrow().tokenCount(), "every token minted");
            assertEquals(Set.of(directory.toString()), Set.copyOf(f.ledger.cidsForToken(new TokenRef("genesis", "2"))));
            assertEquals(Set.of(directory.toString()), Set.copyOf(f.ledger.cidsForToken(new TokenRef("genesis", "5001"))));
            assertTrue(f.sim.truth(directory).isPresent() && f.sim.truth(single).isPresent());
            assertEquals(2, f.pinPosts(), "the collection's directory once for 5,000 tokens, and token 1's CID");
            Map<String, AttributeValue> job = rangeJob(f, bulk, 0);
            assertEquals("DONE", job.get("state").s());
            assertEquals("5002", job.get("nextToken").s());
            assertEquals("CONSECUTIVE_MINT", job.get("kind").s());
            System.out.println("5,000-token ConsecutiveTransfer worked in " + millis + " ms");
        }
    }

    @Test
    void aBatchMetadataUpdateOverARangeResumesAtItsCheckpointAcrossRuns() {
        String contract = ganache.deploy("UpdatableCollection");
        try (ReconcileFixture f = fixture(contract, Map.of("MINT_MODE", "erc721", "TOKEN_RANGE_PAGE", "100"))) {
            Cid before = freshCid();
            Cid after = freshCid();
            setBaseUri(contract, "ipfs://" + before + "/", 1, 0);
            mintConsecutive(contract, 1_000);
            f.service.run("mint"); // the mint and its job; the clock does not move, so the job finishes
            assertEquals(1_000, f.ledger.findPin(before.toString()).orElseThrow().tokenCount());
            JsonNode update = setBaseUri(contract, "ipfs://" + after + "/", 1, 1_200); // 200 ids past the last token
            assertEquals(LogOutcome.ACCEPTED, deliverByWebhook(f, update).get(0).outcome(), "recorded as a job by the webhook");

            // Every tokenURI read costs a simulated second: a run's 3.5 minutes of range time hold about two pages.
            TokenUriSource slow = new TokenUriSource() {
                @Override
                public TokenUri tokenUri(String c, BigInteger id) {
                    f.clock.advance(java.time.Duration.ofSeconds(1));
                    return f.rpc.tokenUri(c, id);
                }

                @Override
                public TokenUri tokenUriAt(String c, BigInteger id, long block) {
                    f.clock.advance(java.time.Duration.ofSeconds(1));
                    return f.rpc.tokenUriAt(c, id, block);
                }
            };
            MintIntake intake = new MintIntake(f.ledger, f.cluster, f.rpc, f.config.mint().policy(), f.clock,
                    new JsonLog("chain-reconcile", "reconcile", new PrintStream(OutputStream.nullOutputStream()), f.clock));
            TokenRangeWorker worker = new TokenRangeWorker(f.ledger, slow, intake, f.config.settings(), f.clock,
                    new JsonLog("chain-reconcile", "reconcile", new PrintStream(OutputStream.nullOutputStream()), f.clock));
            List<RangeReport> runs = new ArrayList<>();
            while (runs.size() < 20) {
                RangeReport r = worker.run(f.clock.instant().plusSeconds(210), "batch-" + runs.size());
                runs.add(r);
                if (r.jobs() == 0) {
                    break;
                }
                String next = rangeJob(f, update, 0).get("nextToken").s();
                assertEquals(1 + 100L * runs.stream().mapToInt(RangeReport::pages).sum(), Long.parseLong(next),
                        "the checkpoint stands after the last whole page");
            }
            List<Integer> pages = runs.stream().map(RangeReport::pages).toList();
            assertEquals(12, pages.stream().mapToInt(Integer::intValue).sum(), "1,200 ids in pages of 100, none repeated: " + pages);
            assertTrue(runs.size() > 3, "spread over several runs: " + pages);
            assertEquals(1_000, runs.stream().mapToLong(RangeReport::tokens).sum());
            assertEquals(200, runs.stream().mapToLong(RangeReport::skipped).sum(), "ids past the last token revert: skipped");
            Map<String, AttributeValue> job = rangeJob(f, update, 0);
            assertEquals("DONE", job.get("state").s());
            assertEquals("200", job.get("skipped").n());
            assertTrue(job.get("lastReason").s().contains("reverted"), job.get("lastReason").s());
            assertEquals(1_000, f.ledger.findPin(after.toString()).orElseThrow().tokenCount());
            assertEquals(1_000, f.ledger.findPin(before.toString()).orElseThrow().tokenCount(), "the old directory stays pinned");
            assertEquals(2, f.pinPosts(), "each directory pinned once");
            assertEquals(List.of(after.toString(), before.toString()), tokenUrisLatestFirst(f, "500"));
        }
    }

    @Test
    void aRangeTooLargeToFollowIsRecordedWithItsReasonNotWorked() {
        String contract = ganache.deploy("UpdatableCollection");
        try (ReconcileFixture f = fixture(contract, Map.of("MINT_MODE", "erc721"))) {
            mint(contract, "ipfs://" + freshCid());
            BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
            JsonNode all = ganache.send(contract, new Function("setBaseURI", List.<Type>of(new Utf8String("ipfs://" + freshCid() + "/"),
                    new Uint256(0), new Uint256(max)), List.of()));

            ReconcileReport report = f.service.run("refresh-all");

            assertEquals(1L, report.streams().get(0).outcomes().get("rejected"), report.toString());
            assertEquals(0, report.ranges().jobs());
            Map<String, AttributeValue> log = DynamoDbLocal.client().getItem(g -> g.tableName(f.table).key(Map.of(
                    LedgerTable.PK, AttributeValue.fromS("LOG#" + Ganache.CHAIN_ID + "#" + all.get("transactionHash").asText() + "#0"),
                    LedgerTable.SK, AttributeValue.fromS("LOG")))).item();
            assertTrue(log.get("reason").s().contains("more than " + MintIntake.MAX_RANGE_TOKENS), log.toString());
        }
    }

    @Test
    void aMetadataTreeThreeLevelsDeepWithRelativeReferencesAndACycleIsPinnedOnceEndToEnd() {
        // On chain: ipfs://<dir>/1.json. In it: a relative image, and a manifest in another CID; the manifest names a
        // nested document by a relative path, and the nested one points back at the metadata (a cycle) and at art
        // two directories up.
        String contract = ganache.deploy("UpdatableCollection");
        try (ReconcileFixture f = fixture(contract, Map.of("MINT_MODE", "erc721", "DEEP_PINNING", "true"))) {
            Cid dir = freshCid();
            Cid manifests = freshCid();
            Cid audio = freshCid();
            f.sim.putContent(dir, "/1.json", ("{\"name\":\"#1\",\"image\":\"image.png\",\"properties\":{\"files\":"
                    + "[{\"uri\":\"ipfs://" + manifests + "/v1/manifest.json\"}]}}").getBytes(StandardCharsets.UTF_8));
            f.sim.putContent(dir, "/image.png", PNG);
            f.sim.putContent(manifests, "/v1/manifest.json", ("{\"files\":[{\"uri\":\"./parts/nested.json\"},{\"src\":\"ipfs://" + audio
                    + "\"}]}").getBytes(StandardCharsets.UTF_8));
            f.sim.putContent(manifests, "/v1/parts/nested.json", ("[{\"image\":\"../../art/final.png\"},{\"uri\":\"ipfs://" + dir
                    + "/1.json\"}]").getBytes(StandardCharsets.UTF_8));
            f.sim.putContent(manifests, "/art/final.png", PNG);
            f.sim.putContent(audio, new byte[] {'I', 'D', '3', 4});
            mint(contract, "ipfs://" + dir + "/1.json");

            ReconcileReport report = f.service.run("tree");

            assertEquals(1, report.deepPinning().orElseThrow().done(), report.toString());
            assertEquals(3, f.pinPosts(), "the metadata's directory, the manifests' CID and the audio: each once");
            assertEquals(Set.of(dir, manifests, audio).stream().map(Cid::toString).collect(Collectors.toSet()),
                    Set.copyOf(f.ledger.cidsForToken(new TokenRef("genesis", "1"))));
            Map<String, Map<String, AttributeValue>> refs = new LinkedHashMap<>();
            for (AttributeValue r : links(f, "1").get(dir.toString()).get("deepRefs").l()) {
                refs.put(r.m().get("in").s() + " " + r.m().get("field").s(), r.m());
            }
            String nested = "/ipfs/" + manifests + "/v1/parts/nested.json";
            assertEquals("/art/final.png", refs.get(nested + " [0].image").get("path").s());
            assertEquals("3", refs.get(nested + " [0].image").get("depth").n());
            assertTrue(refs.get(nested + " [1].uri").get("note").s().contains("cycle: leads back to /ipfs/" + dir + "/1.json"),
                    refs.get(nested + " [1].uri").toString());
            assertEquals("/v1/parts/nested.json", refs.get("/ipfs/" + manifests + "/v1/manifest.json files[0].uri").get("path").s());
            assertEquals("/image.png", refs.get("/ipfs/" + dir + "/1.json image").get("path").s());
        }
    }
}
