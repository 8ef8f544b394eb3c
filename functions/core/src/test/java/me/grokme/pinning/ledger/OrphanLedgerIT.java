package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Orphaned mints on DynamoDB Local: the block index, the token link's flag, the release queue and its conditional steps. */
class OrphanLedgerIT {

    private static final String CID_A = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    private static final String CID_B = "bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u";
    private static final String HASH = "0x" + "ab".repeat(32);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    private String table;
    private DynamoDbLedger ledger;

    @BeforeEach
    void setUp() {
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock, d -> { });
    }

    private static LogKey log(int i) {
        return new LogKey(1, "0x" + String.format("%064x", i), 7);
    }

    private static MintRecord mint(int log, long block, String token, String cid) {
        return new MintRecord(log(log), token, cid, "genesis", 3, 5, block, HASH, "alchemy");
    }

    private Map<String, AttributeValue> link(String token, String cid) {
        return link("genesis", token, cid);
    }

    private Map<String, AttributeValue> link(String capsule, String token, String cid) {
        return DynamoDbLocal.client().getItem(g -> g.tableName(table).key(TableKeys.key(TokenKeys.DEFAULT.partitionKey(capsule, token), "CID#" + cid)))
                .item();
    }

    @Test
    void recordedLogsAreFoundByTheirBlockRangeAcrossIndexPartitions() {
        ledger.recordMint(mint(1, 99_999, "1", CID_A));
        ledger.recordMint(mint(2, 100_000, "2", CID_B));
        ledger.recordMint(mint(3, 100_007, "3", CID_B));
        ledger.recordRejected(log(4), new TokenRef("genesis", "4"), RejectionKind.NOT_IPFS, "https", "alchemy");

        List<RecordedLog> found = ledger.logsInBlocks(1, 99_990, 100_000);
        assertEquals(List.of(log(1), log(2)), found.stream().map(RecordedLog::log).toList(), "both sides of a bucket boundary, nothing past the range");
        assertEquals(new RecordedLog(log(1), "1", CID_A, 99_999, HASH, "ACCEPTED"), found.get(0));
        assertEquals(List.of(), ledger.logsInBlocks(2, 0, 200_000), "another chain's blocks");
        assertEquals(3, ledger.logsInBlocks(1, 0, 200_000).size(), "a rejected log pins nothing and is not indexed");
    }

    @Test
    void aDeepReorgFlagsTheTokensLinkCountsItAndQueuesTheUnusedCidForRelease() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.markSubmitted(CID_A, clock.instant());
        ledger.markPinned(CID_A, clock.instant());
        clock.advance(Duration.ofMinutes(5));

        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);

        assertEquals("deep_reorg", link("42", CID_A).get("orphanReason").s());
        assertEquals("2026-11-24T10:05:00Z", link("42", CID_A).get("orphanedAt").s());
        assertEquals("REORGED", ledger.logsInBlocks(1, 100, 100).get(0).outcome());
        PinRequest pin = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinState.PINNED, pin.state(), "still pinned until the grace has passed");
        assertEquals(Optional.of(clock.instant()), pin.unusedSince());
        assertEquals(List.of(new ReleaseCandidate(CID_A, clock.instant())), ledger.releaseDue(clock.instant(), 10));
        assertEquals(List.of(), ledger.releaseDue(clock.instant().minusMillis(1), 10), "not due before it became unused");
        Map<String, Long> counts = ledger.failureCounts();
        assertEquals(1L, counts.get("orphaned_mints_deep_reorg"));
        assertEquals(0L, counts.get("orphaned_mints_removed_by_provider"));
        assertEquals(1L, counts.get("orphans_awaiting_release"));

        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        assertEquals(1L, ledger.failureCounts().get("orphaned_mints_deep_reorg"), "marking again counts nothing");
    }

    @Test
    void aRemovedDeliveryTakesTheSamePathWithItsOwnReason() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.recordReorged(log(1), "alchemy");
        assertEquals("removed_by_provider", link("42", CID_A).get("orphanReason").s());
        assertEquals(1L, ledger.failureCounts().get("orphaned_mints_removed_by_provider"));
        assertEquals(1, ledger.releaseDue(clock.instant(), 10).size());
    }

    @Test
    void theOrphanedMintOfAnotherCapsulesTokenIsFlaggedUnderThatToken() {
        ledger.recordMint(new MintRecord(log(1), "42", CID_A, "frames", 3, 5, 100, HASH, "alchemy"));
        ledger.recordMint(mint(2, 101, "42", CID_B)); // genesis' token 42: another token
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        assertEquals("deep_reorg", link("frames", "42", CID_A).get("orphanReason").s());
        assertFalse(link("genesis", "42", CID_B).containsKey("orphanReason"));
        assertEquals(CID_A, new DynamoDbStatusQueries(DynamoDbLocal.client(), table).orphanedLinks(new TokenRef("frames", "42")).get(CID_A).cid());
        assertEquals(Map.of(), new DynamoDbStatusQueries(DynamoDbLocal.client(), table).orphanedLinks(new TokenRef("genesis", "42")));
    }

    @Test
    void aCidAnotherLiveMintStillUsesIsNotQueued() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.recordMint(mint(2, 101, "43", CID_A));
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        assertEquals(List.of(), ledger.releaseDue(clock.instant().plus(Duration.ofDays(9)), 10));
        assertTrue(ledger.findPin(CID_A).orElseThrow().unusedSince().isEmpty());
        assertEquals("deep_reorg", link("42", CID_A).get("orphanReason").s(), "the orphaned token's link is flagged all the same");
        assertFalse(link("43", CID_A).containsKey("orphanReason"));
    }

    @Test
    void aLiveLogJoiningBeforeTheReleaseWinsTheConditionalWrite() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.markSubmitted(CID_A, clock.instant());
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        PinRequest seen = ledger.findPin(CID_A).orElseThrow();

        ledger.recordMint(mint(2, 120, "42", CID_A)); // the canonical mint of the same token
        assertFalse(ledger.beginRelease(seen, "unused"), "the release decided on a stale view is refused");
        PinRequest now = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinState.SUBMITTED, now.state());
        assertTrue(now.unusedSince().isEmpty(), "used again");
        assertFalse(link("42", CID_A).containsKey("orphanReason"), "the canonical mint rewrote the token's link");
    }

    @Test
    void aReleaseIsDecidedUnpinnedAndCompletedAndALaterLiveLogRevivesIt() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.markSubmitted(CID_A, clock.instant());
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        PinRequest seen = ledger.findPin(CID_A).orElseThrow();
        assertTrue(ledger.beginRelease(seen, "unused"));
        assertEquals(PinRequest.UNPINNING, ledger.findPin(CID_A).orElseThrow().release());
        clock.advance(Duration.ofHours(1));
        assertTrue(ledger.completeRelease(CID_A, clock.instant()));
        PinRequest released = ledger.findPin(CID_A).orElseThrow();
        assertTrue(released.released());
        assertEquals(Optional.of(clock.instant()), released.releasedAt());
        assertEquals(List.of(), ledger.releaseDue(clock.instant(), 10), "off the queue");
        assertEquals(1L, ledger.failureCounts().get("orphans_released"));
        assertEquals(0L, ledger.failureCounts().get("orphans_awaiting_release"));

        ledger.recordMint(mint(2, 130, "7", CID_A)); // another token asks for the content on the canonical chain
        PinRequest revived = ledger.findPin(CID_A).orElseThrow();
        assertEquals(PinState.PENDING, revived.state());
        assertEquals("", revived.release());
        assertTrue(revived.releasedAt().isEmpty());
    }

    @Test
    void aRevivalDuringTheUnpinFailsTheCompletionAndThePinIsSentAgain() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.markSubmitted(CID_A, clock.instant());
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        assertTrue(ledger.beginRelease(ledger.findPin(CID_A).orElseThrow(), "unused"));
        ledger.recordMint(mint(2, 130, "7", CID_A)); // revived while the DELETE is on its way
        ledger.markSubmitted(CID_A, clock.instant());
        assertFalse(ledger.completeRelease(CID_A, clock.instant()));
        assertTrue(ledger.repinAfterRelease(CID_A, clock.instant()));
        assertEquals(PinState.PENDING, ledger.findPin(CID_A).orElseThrow().state());
        assertEquals(List.of(CID_A), ledger.pendingDue(clock.instant(), 10).stream().map(PinRequest::cid).toList());
    }

    @Test
    void aReferencedCidIsQueuedWhenItsParentLosesItsLastLiveMint() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.recordDerived(new DerivedPin("42", CID_B, CID_A, "image", "genesis", 3, 5));
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        List<String> queued = ledger.releaseDue(clock.instant(), 10).stream().map(ReleaseCandidate::cid).sorted().toList();
        assertEquals(List.of(CID_B, CID_A).stream().sorted().toList(), queued);
        assertEquals(java.util.Set.of("VIA#" + CID_A), ledger.findPin(CID_B).orElseThrow().activeLogs(),
                "its parent's marker stays: the release judges the parent");
    }

    @Test
    void aReferencedCidAnotherLiveDocumentReferencesIsNotQueued() {
        String image = me.grokme.pinning.testing.TestCids.raw(77).toString();
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.recordMint(mint(2, 101, "43", CID_B));
        ledger.recordDerived(new DerivedPin("42", image, CID_A, "image", "genesis", 3, 5));
        ledger.recordDerived(new DerivedPin("43", image, CID_B, "image", "genesis", 3, 5));
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        assertEquals(List.of(CID_A), ledger.releaseDue(clock.instant(), 10).stream().map(ReleaseCandidate::cid).toList(),
                "token 43's live metadata still references the image");
        assertTrue(ledger.findPin(image).orElseThrow().unusedSince().isEmpty());
    }

    @Test
    void droppingAStillUsedCandidateClearsItsUnusedTime() {
        ledger.recordMint(mint(1, 100, "42", CID_A));
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        ReleaseCandidate c = ledger.releaseDue(clock.instant(), 10).get(0);
        ledger.dropReleaseCandidate(c, true);
        assertEquals(List.of(), ledger.releaseDue(clock.instant(), 10));
        assertTrue(ledger.findPin(CID_A).orElseThrow().unusedSince().isEmpty());
    }
}
