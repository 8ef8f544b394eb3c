package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FailingDynamoDb;
import me.grokme.pinning.testing.ItemSize;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.clock.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ledger on real DynamoDB Local. */
class DynamoDbLedgerIT {

    private static final String CID_A = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    private static final String CID_B = "bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final FailingDynamoDb dynamo = new FailingDynamoDb(DynamoDbLocal.client());
    /** Backoff waits the ledger asked for (recorded, not slept). */
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private String table;
    private DynamoDbLedger ledger;

    @BeforeEach
    void setUp() {
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(dynamo, table, clock, waits::add);
    }

    private static LogKey log(int i) {
        return new LogKey(1, "0x" + String.format("%064x", i), 7);
    }

    private static MintRecord mint(int log, String token, String cid) {
        return new MintRecord(log(log), token, cid, "genesis", 3, 5, 100 + log, "0x" + "ab".repeat(32), "alchemy");
    }

    private long itemCount() {
        return DynamoDbLocal.client().scan(s -> s.tableName(table)).count();
    }

    @Test
    void aNewMintCreatesThePendingRequestTheTokenLinkAndTheLogRecord() {
        RecordOutcome r = ledger.recordMint(mint(1, "42", CID_A));
        assertEquals(RecordOutcome.Recorded.created(), r);
        PinRequest pin = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinState.PENDING, pin.state());
        assertEquals(Set.of("42"), pin.tokenIds());
        assertEquals(3, pin.replicationMin());
        assertEquals(5, pin.replicationMax());
        assertEquals(Set.of(log(1).partitionKey()), pin.activeLogs());
        assertEquals(List.of(CID_A), ledger.cidsForToken(new TokenRef("genesis", "42")));
        assertEquals(3, itemCount());
    }

    @Test
    void aRedeliveredLogIsADuplicateAndChangesNothing() {
        ledger.recordMint(mint(1, "42", CID_A));
        clock.advance(Duration.ofMinutes(1));
        RecordOutcome again = ledger.recordMint(mint(1, "42", CID_A));
        assertEquals(new RecordOutcome.Duplicate("ACCEPTED", CID_A), again);
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), ledger.findPin(CID_A).orElseThrow().requestedAt());
        assertEquals(3, itemCount());
    }

    @Test
    void theSameCidFromTwoTokensIsOneRequestWithBothTokens() {
        ledger.recordMint(mint(1, "42", CID_A));
        ledger.markSubmitted(CID_A, clock.instant());
        RecordOutcome second = ledger.recordMint(mint(2, "43", CID_A));
        // The second token joins the request and learns how it stood, without a read of its own.
        PinRequest joined = assertInstanceOf(RecordOutcome.Recorded.class, second).joined().orElseThrow();
        assertEquals(PinState.SUBMITTED, joined.state());
        assertEquals(Set.of("42"), joined.tokenIds());
        assertEquals("genesis-42", joined.clusterName());
        PinRequest pin = ledger.findPin(CID_A).orElseThrow();
        assertEquals(Set.of("42", "43"), pin.tokenIds());
        assertEquals(2, pin.activeLogs().size());
        assertEquals(PinState.SUBMITTED, pin.state(), "joining keeps the state");
        assertEquals("genesis-42", pin.clusterName(), "and the first token's cluster name");
        assertEquals(5, itemCount(), "2 LOG, 1 PIN, 2 TOKEN items");
        assertInstanceOf(RecordOutcome.Duplicate.class, ledger.recordMint(mint(2, "43", CID_A)), "a redelivery of the joining log");
    }

    private long pinItemBytes(String cid) {
        return ItemSize.bytes(DynamoDbLocal.client().getItem(g -> g.tableName(table)
                .key(Map.of(LedgerTable.PK, AttributeValue.fromS("CID#" + cid), LedgerTable.SK, AttributeValue.fromS("PIN")))).item());
    }

    @Test
    void aCidSharedByAWholeCollectionListsItsFirstTokensAndLogsAndCountsTheRestSoTheItemStaysSmall() {
        // DynamoDB refuses items over 400 KB; listing every log key (~80 bytes) failed at about 5,000 tokens on one CID.
        int listedLogs = PinRequest.LISTED_LOGS;
        for (int i = 1; i <= PinRequest.LISTED_TOKENS; i++) {
            ledger.recordMint(mint(i, Integer.toString(i), CID_A));
        }
        PinRequest full = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinRequest.LISTED_TOKENS, full.tokenIds().size());
        assertEquals(listedLogs, full.activeLogs().size());
        assertEquals(PinRequest.LISTED_TOKENS - listedLogs, full.moreActiveLogs());
        ledger.recordMint(mint(PinRequest.LISTED_TOKENS + 1, Integer.toString(PinRequest.LISTED_TOKENS + 1), CID_A));
        long bytesWhenFull = pinItemBytes(CID_A);
        for (int i = PinRequest.LISTED_TOKENS + 2; i <= PinRequest.LISTED_TOKENS + 40; i++) {
            ledger.recordMint(mint(i, Integer.toString(i), CID_A));
        }
        PinRequest more = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinRequest.LISTED_TOKENS, more.tokenIds().size(), "the list does not grow past its cap");
        assertEquals(40, more.moreTokens());
        assertEquals(PinRequest.LISTED_TOKENS + 40, more.tokenCount());
        assertEquals(PinRequest.LISTED_TOKENS + 40 - listedLogs, more.moreActiveLogs());
        assertTrue(pinItemBytes(CID_A) - bytesWhenFull <= 2, "only counters' digits change: " + bytesWhenFull + " → " + pinItemBytes(CID_A));
        assertTrue(bytesWhenFull < 8_000, "well under DynamoDB's 400 KB: " + bytesWhenFull);
        assertEquals(List.of(CID_A), ledger.cidsForToken(new TokenRef("genesis", "42")));
        assertEquals(List.of(CID_A), ledger.cidsForToken(new TokenRef("genesis", Integer.toString(PinRequest.LISTED_TOKENS + 40))), "a counted token keeps its link");
    }

    @Test
    void reorgsOfCountedLogsDecrementOnceAndTheLastOneDetachesTheRequest() {
        int n = PinRequest.LISTED_LOGS + 3;
        for (int i = 1; i <= n; i++) {
            ledger.recordMint(mint(i, Integer.toString(i), CID_A));
        }
        assertEquals(3, ledger.findPin(CID_A).orElseThrow().moreActiveLogs());
        ledger.recordReorged(log(n), "quicknode");
        ledger.recordReorged(log(n), "quicknode"); // a redelivered removal
        assertEquals(2, ledger.findPin(CID_A).orElseThrow().moreActiveLogs(), "one decrement per reorged log");
        assertInstanceOf(RecordOutcome.Recorded.class, ledger.recordMint(mint(n, Integer.toString(n), CID_A)), "canonical again");
        assertEquals(3, ledger.findPin(CID_A).orElseThrow().moreActiveLogs());
        for (int i = 1; i <= n; i++) {
            ledger.recordReorged(log(i), "quicknode");
        }
        PinRequest gone = ledger.findPin(CID_A).orElseThrow();
        assertTrue(gone.activeLogs().isEmpty());
        assertEquals(0, gone.moreActiveLogs());
        assertFalse(gone.hasActiveLog());
        assertFalse(ledger.markSubmitted(CID_A, clock.instant()), "every log reorged away: never submitted");
        ledger.recordMint(mint(n, Integer.toString(n), CID_A));
        assertTrue(ledger.markSubmitted(CID_A, clock.instant()), "one canonical log is enough");
    }

    @Test
    void aReorgedLogDetachesItsRequestSoItIsNeverSubmittedAndACanonicalRedeliveryRevivesIt() {
        ledger.recordMint(mint(1, "42", CID_A));
        ledger.recordReorged(log(1), "quicknode");
        assertTrue(ledger.findPin(CID_A).orElseThrow().activeLogs().isEmpty());
        assertFalse(ledger.markSubmitted(CID_A, clock.instant()), "no active log: never submitted");
        RecordOutcome canonical = ledger.recordMint(mint(1, "42", CID_A));
        assertInstanceOf(RecordOutcome.Recorded.class, canonical);
        assertTrue(ledger.markSubmitted(CID_A, clock.instant()));
    }

    @Test
    void anOrphanedRequestLeavesThePendingQueueAndAnyLogAskingAgainRevivesIt() {
        ledger.recordMint(mint(1, "42", CID_A));
        assertFalse(ledger.markOrphaned(CID_A, "reorged"), "an active log: not orphaned");
        ledger.recordReorged(log(1), "quicknode");
        assertTrue(ledger.markOrphaned(CID_A, "reorged"));
        PinRequest orphaned = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinState.ORPHANED, orphaned.state());
        assertEquals("reorged", orphaned.lastError());
        assertTrue(ledger.pendingDue(clock.instant().plus(Duration.ofDays(1)), 10).isEmpty());
        assertFalse(ledger.markSubmitted(CID_A, clock.instant()));

        clock.advance(Duration.ofMinutes(10));
        RecordOutcome canonical = ledger.recordMint(mint(1, "42", CID_A)); // the same log, canonical again
        assertEquals(PinState.ORPHANED, assertInstanceOf(RecordOutcome.Recorded.class, canonical).joined().orElseThrow().state());
        PinRequest revived = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinState.PENDING, revived.state());
        assertEquals("", revived.lastError());
        assertEquals(clock.instant(), revived.nextAttemptAt(), "due now, not at its old due time");
        assertEquals(List.of(CID_A), ledger.pendingDue(clock.instant(), 10).stream().map(PinRequest::cid).toList());
        assertTrue(ledger.markSubmitted(CID_A, clock.instant()));

        ledger.recordMint(mint(2, "43", CID_B));
        ledger.recordReorged(log(2), "quicknode");
        assertTrue(ledger.markOrphaned(CID_B, "reorged"));
        ledger.recordMint(mint(3, "44", CID_B)); // another token's mint of the same CID
        assertEquals(PinState.PENDING, ledger.findPin(CID_B).orElseThrow().state());
        assertFalse(ledger.markOrphaned(CID_B, "reorged"), "it has an active log again");
    }

    @Test
    void exactlyOneCallerClaimsAPendingRequestUntilItsClaimIsReleasedOrStale() {
        ledger.recordMint(mint(1, "42", CID_A));
        ledger.recordMint(mint(2, "43", CID_A));
        PinRequest claimed = assertInstanceOf(SubmissionClaim.Claimed.class, ledger.claimSubmission(CID_A, "webhook-1", clock.instant())).request();
        assertEquals("genesis-42", claimed.clusterName());
        assertEquals("42", claimed.clusterMetadata(clock.instant()).get("tokenId"), "the name's token, not the latest caller's");
        assertEquals(log(1).txHash(), claimed.clusterMetadata(clock.instant()).get("txHash"));
        SubmissionClaim.Refused refused = assertInstanceOf(SubmissionClaim.Refused.class, ledger.claimSubmission(CID_A, "webhook-2", clock.instant()));
        assertFalse(refused.withCluster(), "claimed, not yet with the cluster");
        assertTrue(ledger.pendingDue(clock.instant().plus(Ledger.CLAIM_TIMEOUT).minusMillis(1), 10).isEmpty(),
                "a held claim is not due for the sweep");

        clock.advance(Ledger.CLAIM_TIMEOUT); // its holder died: the claim is stale
        assertEquals(List.of(CID_A), ledger.pendingDue(clock.instant(), 10).stream().map(PinRequest::cid).toList());
        assertInstanceOf(SubmissionClaim.Claimed.class, ledger.claimSubmission(CID_A, "sweep", clock.instant()));
        ledger.recordAttemptFailure(CID_A, "cluster unreachable", clock.instant().plus(Duration.ofMinutes(1)));
        assertInstanceOf(SubmissionClaim.Claimed.class, ledger.claimSubmission(CID_A, "retry", clock.instant()), "a failure releases the claim");
        assertTrue(ledger.markSubmitted(CID_A, clock.instant()));
        assertTrue(assertInstanceOf(SubmissionClaim.Refused.class, ledger.claimSubmission(CID_A, "late", clock.instant())).withCluster());
        assertTrue(assertInstanceOf(SubmissionClaim.Refused.class, ledger.claimSubmission(CID_B, "unknown", clock.instant())).current().isEmpty());

        ledger.recordMint(mint(3, "44", CID_B));
        ledger.recordReorged(log(3), "quicknode");
        assertInstanceOf(SubmissionClaim.Refused.class, ledger.claimSubmission(CID_B, "webhook", clock.instant()), "no active log: never sent");
    }

    @Test
    void aRemovedLogArrivingFirstIsRecordedAndItsLaterCanonicalCopyStillPins() {
        ledger.recordReorged(log(5), "quicknode");
        assertTrue(ledger.findPin(CID_B).isEmpty());
        assertInstanceOf(RecordOutcome.Recorded.class, ledger.recordMint(mint(5, "9", CID_B)));
        assertTrue(ledger.markSubmitted(CID_B, clock.instant()));
    }

    @Test
    void stateMovesForwardOnlyAndSubmittedIsNotRepeated() {
        ledger.recordMint(mint(1, "42", CID_A));
        assertTrue(ledger.markSubmitted(CID_A, clock.instant()));
        assertFalse(ledger.markSubmitted(CID_A, clock.instant()), "already submitted");
        assertTrue(ledger.markPinned(CID_A, clock.instant()));
        assertEquals(PinState.PINNED, ledger.findPin(CID_A).orElseThrow().state());
        ledger.recordMint(mint(2, "43", CID_A));
        assertEquals(PinState.PINNED, ledger.findPin(CID_A).orElseThrow().state(), "a new token never downgrades PINNED");
        assertFalse(ledger.markPinned("bafkreinothere", clock.instant()));
    }

    @Test
    void aLongPendingQueueIsReadInDueOrderAcrossShardsAndBatches() {
        List<String> cids = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            String cid = TestCids.raw(i).toString();
            cids.add(cid);
            ledger.recordMint(mint(1000 + i, Integer.toString(i), cid));
            clock.advance(Duration.ofMillis(10));
        }
        dynamo.serveBatchKeys(30); // DynamoDB handing back unprocessed keys must not lose or reorder entries
        assertEquals(cids.subList(0, 120), ledger.pendingDue(clock.instant(), 120).stream().map(PinRequest::cid).toList());
        assertTrue(dynamo.batchGets() >= 5, "read in batches: " + dynamo.batchGets());
        assertEquals(cids, ledger.pendingDue(clock.instant(), 500).stream().map(PinRequest::cid).toList());
    }

    @Test
    void aTransactionCancelledByAConflictingTransactionIsRunAgainABoundedNumberOfTimes() {
        dynamo.conflictNextTransactions(DynamoDbLedger.CONFLICT_ATTEMPTS - 1);
        assertEquals(RecordOutcome.Recorded.created(), ledger.recordMint(mint(1, "42", CID_A)), "conflicts retried, then recorded");
        assertEquals(DynamoDbLedger.CONFLICT_ATTEMPTS, dynamo.transactions());
        assertEquals(DynamoDbLedger.CONFLICT_ATTEMPTS - 1, waits.size(), "a short pause before each repeat: " + waits);
        waits.forEach(w -> assertTrue(w.toMillis() >= 5 && w.toMillis() < 20 * DynamoDbLedger.CONFLICT_ATTEMPTS, w.toString()));
        assertEquals(3, itemCount());

        dynamo.conflictNextTransactions(DynamoDbLedger.CONFLICT_ATTEMPTS);
        assertThrows(LedgerUnavailableException.class, () -> ledger.recordMint(mint(2, "43", CID_B)),
                "past the budget the caller answers 'retry later'");
        assertEquals(3, itemCount(), "a conflicted transaction writes nothing");
        assertInstanceOf(RecordOutcome.Recorded.class, ledger.recordMint(mint(2, "43", CID_B)), "the indexer's retry records it");

        dynamo.conflictNextTransactions(1);
        assertInstanceOf(RecordOutcome.Recorded.class, ledger.recordMint(mint(3, "44", CID_A)), "a join is retried the same way");
        assertEquals(Set.of("42", "44"), ledger.findPin(CID_A).orElseThrow().tokenIds());
    }

    @Test
    void pendingRequestsAreListedByDueTimeAndFailuresPushThemBack() {
        ledger.recordMint(mint(1, "1", CID_A));
        clock.advance(Duration.ofSeconds(1));
        ledger.recordMint(mint(2, "2", CID_B));
        assertEquals(List.of(CID_A, CID_B), ledger.pendingDue(clock.instant(), 10).stream().map(PinRequest::cid).toList());
        ledger.recordAttemptFailure(CID_A, "cluster unreachable", clock.instant().plus(Duration.ofMinutes(5)));
        assertEquals(List.of(CID_B), ledger.pendingDue(clock.instant(), 10).stream().map(PinRequest::cid).toList());
        PinRequest a = ledger.findPin(CID_A).orElseThrow();
        assertEquals(1, a.attempts());
        assertEquals("cluster unreachable", a.lastError());
        ledger.markSubmitted(CID_B, clock.instant());
        assertTrue(ledger.pendingDue(clock.instant(), 10).isEmpty(), "submitted requests leave the pending index");
        assertEquals(List.of(CID_A), ledger.pendingDue(clock.instant().plus(Duration.ofMinutes(6)), 10).stream().map(PinRequest::cid).toList());
    }

    private static MintRecord mint(int log, String capsule, String token, String cid, int rmin, int rmax) {
        return new MintRecord(log(log), token, cid, capsule, rmin, rmax, 100 + log, "0x" + "ab".repeat(32), "alchemy");
    }

    @Test
    void twoCapsulesTokenOneAreTwoTokensWithTheirOwnLinksAndPinNames() {
        ledger.recordMint(mint(1, "genesis", "1", CID_A, 3, 5));
        ledger.recordMint(mint(2, "frames", "1", CID_B, 3, 5));
        assertEquals(List.of(CID_A), ledger.cidsForToken(new TokenRef("genesis", "1")));
        assertEquals(List.of(CID_B), ledger.cidsForToken(new TokenRef("frames", "1")));
        assertEquals("genesis-1", ledger.findPin(CID_A).orElseThrow().clusterName());
        assertEquals("frames-1", ledger.findPin(CID_B).orElseThrow().clusterName());
        assertEquals(Set.of("frames"), ledger.findPin(CID_B).orElseThrow().capsules());
        // The legacy capsule's token stays in the partition it had before capsules; another capsule's is its own.
        assertEquals(1, DynamoDbLocal.client().query(q -> q.tableName(table).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TOKEN#1")))).count());
        assertEquals(1, DynamoDbLocal.client().query(q -> q.tableName(table).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TOKEN#frames#1")))).count());
    }

    @Test
    void contentSharedByTwoCapsulesIsOneRequestKeptAsTheMostDemandingAsks() {
        ledger.recordMint(mint(1, "genesis", "1", CID_A, 2, 3));
        RecordOutcome joined = ledger.recordMint(mint(2, "frames", "7", CID_A, 4, 5));
        assertTrue(((RecordOutcome.Recorded) joined).joined().isPresent(), "the second capsule joins the one request");
        ledger.recordMint(mint(3, "genesis", "2", CID_A, 2, 3));
        PinRequest pin = ledger.findPin(CID_A).orElseThrow();
        assertEquals(Set.of("genesis", "frames"), pin.capsules());
        assertEquals(4, pin.replicationMin());
        assertEquals(5, pin.replicationMax());
        assertEquals("genesis-1", pin.clusterName(), "named after the token that created it");
        assertEquals(List.of(CID_A), ledger.cidsForToken(new TokenRef("frames", "7")));
    }

    @Test
    void aRejectionIsListedUnderItsCapsulesToken() {
        assertTrue(ledger.recordRejected(log(3), new TokenRef("frames", "7"), RejectionKind.NOT_IPFS, "web URL, not IPFS", "logs"));
        DynamoDbStatusQueries queries = new DynamoDbStatusQueries(DynamoDbLocal.client(), table);
        assertEquals(1, queries.tokenPage(new TokenRef("frames", "7"), java.util.Optional.empty(), 10).items().size());
        assertTrue(queries.tokenPage(new TokenRef("genesis", "7"), java.util.Optional.empty(), 10).items().isEmpty());
    }

    @Test
    void aRejectedLogIsRecordedOnce() {
        assertTrue(ledger.recordRejected(log(3), new TokenRef("genesis", "7"), RejectionKind.NOT_IPFS, "Arweave URI, not IPFS", "moralis"));
        assertFalse(ledger.recordRejected(log(3), new TokenRef("genesis", "7"), RejectionKind.NOT_IPFS, "Arweave URI, not IPFS", "moralis"));
        Map<String, AttributeValue> item = DynamoDbLocal.client().getItem(g -> g.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS(log(3).partitionKey()), "SK", AttributeValue.fromS("LOG")))).item();
        assertEquals("REJECTED", item.get("outcome").s());
        assertEquals("Arweave URI, not IPFS", item.get("reason").s());
        assertEquals("not_ipfs", item.get("kind").s());
        // The token's lookup finds it: a link under the token, written with the LOG item.
        Map<String, AttributeValue> link = DynamoDbLocal.client().getItem(g -> g.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS("TOKEN#7"), "SK", AttributeValue.fromS("REJECTED#" + log(3).partitionKey())))).item();
        assertEquals("not_ipfs", link.get("kind").s());
        assertEquals("Arweave URI, not IPFS", link.get("reason").s());
        assertInstanceOf(RecordOutcome.Duplicate.class, ledger.recordMint(mint(3, "7", CID_A)));
    }

    @Test
    void pinOperationsExpireAfterThirtyDays() {
        ledger.recordPinOperation(new PinOperation(CID_A, PinOperation.Kind.SUBMIT, PinOperation.Result.OK, "", "req-1"));
        List<Map<String, AttributeValue>> ops = DynamoDbLocal.client().scan(s -> s.tableName(table)).items();
        assertEquals(2, ops.size(), "one by day, one under the CID");
        assertTrue(ops.stream().anyMatch(op -> op.get("PK").s().equals("OPS#2026-11-24")));
        assertTrue(ops.stream().anyMatch(op -> op.get("PK").s().equals("CID#" + CID_A) && op.get("SK").s().startsWith("OP#")));
        for (Map<String, AttributeValue> op : ops) {
            assertEquals(clock.instant().plus(Duration.ofDays(30)).getEpochSecond(), Long.parseLong(op.get("expiresAt").n()));
            assertEquals("2026-11-24T10:00:00Z", op.get("at").s());
            assertEquals("submit", op.get("kind").s(), "stored by its wire name");
            assertEquals("ok", op.get("result").s());
        }
    }

    @Test
    void aThrottledTransactionWritesNothingAndSaysTheLedgerIsUnavailable() {
        dynamo.failNextWrites(1);
        LedgerUnavailableException e = assertThrows(LedgerUnavailableException.class, () -> ledger.recordMint(mint(1, "42", CID_A)));
        assertTrue(e.getMessage().contains("recordMint"));
        assertEquals(0, itemCount());
        assertInstanceOf(RecordOutcome.Recorded.class, ledger.recordMint(mint(1, "42", CID_A)), "the retry succeeds");
    }

    @Test
    void concurrentDeliveriesOfOneLogRecordItExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<RecordOutcome>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> {
                    while (true) {
                        try {
                            return ledger.recordMint(mint(1, "42", CID_A));
                        } catch (LedgerUnavailableException conflict) {
                            // TransactionConflict between the racing writers: the indexer would retry too
                        }
                    }
                });
            }
            int recorded = 0;
            for (Future<RecordOutcome> f : pool.invokeAll(tasks)) {
                if (f.get() instanceof RecordOutcome.Recorded) {
                    recorded++;
                }
            }
            assertEquals(1, recorded);
            assertEquals(Set.of("42"), ledger.findPin(CID_A).orElseThrow().tokenIds());
        } finally {
            pool.shutdownNow();
        }
    }
}
