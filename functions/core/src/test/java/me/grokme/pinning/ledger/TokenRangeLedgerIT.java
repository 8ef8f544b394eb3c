package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token range jobs (ERC-4906 updates, ERC-2309 mints) on DynamoDB Local: recorded once, worked page by page, stopped by a reorg. */
class TokenRangeLedgerIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    private DynamoDbLedger ledger;
    private final LogKey log = new LogKey(1, "0x" + "ab".repeat(32), 4);

    @BeforeEach
    void setUp() {
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), DynamoDbLocal.newLedgerTable(), clock);
    }

    private TokenRangeJob job(long first, long last) {
        return TokenRangeJob.start(log, TokenRangeJob.Kind.CONSECUTIVE_MINT, "0x" + "5a".repeat(20), "genesis", BigInteger.valueOf(first),
                BigInteger.valueOf(last), 77, "0x" + "cd".repeat(32), "alchemy");
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void aJobIsRecordedOnceAndWorkedPageByPageUntilDone() {
        assertTrue(ledger.recordTokenRange(job(1, 250)));
        assertFalse(ledger.recordTokenRange(job(1, 250)), "a redelivery changes nothing");
        assertEquals(List.of(job(1, 250)), ledger.tokenRangesDue(clock.instant(), 10));

        assertTrue(ledger.advanceTokenRange(log, new TokenRangeProgress(big(1), big(101), 100, 0, "")));
        assertFalse(ledger.advanceTokenRange(log, new TokenRangeProgress(big(1), big(101), 100, 0, "")),
                "a page already handled (an overlapping run) is refused, not counted twice");
        assertTrue(ledger.advanceTokenRange(log, new TokenRangeProgress(big(101), big(201), 98, 2, "tokenURI(150) reverted")));
        TokenRangeJob mid = ledger.tokenRangesDue(clock.instant(), 10).get(0);
        assertEquals(big(201), mid.next());
        assertEquals(198, mid.done());
        assertEquals(2, mid.skipped());
        assertEquals("tokenURI(150) reverted", mid.lastReason());
        assertFalse(ledger.recordTokenRange(job(1, 250)), "a redelivery mid-way keeps the checkpoint");
        assertEquals(big(201), ledger.tokenRangesDue(clock.instant(), 10).get(0).next());

        assertTrue(ledger.advanceTokenRange(log, new TokenRangeProgress(big(201), big(251), 50, 0, "")));
        assertEquals(List.of(), ledger.tokenRangesDue(clock.instant(), 10), "past its last token: DONE, out of the queue");
    }

    @Test
    void aReorgStopsTheJobAndTheCanonicalRedeliveryResumesItAtItsCheckpoint() {
        ledger.recordTokenRange(job(1, 1_000));
        ledger.advanceTokenRange(log, new TokenRangeProgress(big(1), big(501), 500, 0, ""));
        ledger.reorgTokenRange(log, "alchemy");
        assertEquals(List.of(), ledger.tokenRangesDue(clock.instant(), 10));
        assertFalse(ledger.advanceTokenRange(log, new TokenRangeProgress(big(501), big(1001), 500, 0, "")), "no page after a reorg");

        assertTrue(ledger.recordTokenRange(job(1, 1_000)), "the log is back in the canonical chain");
        TokenRangeJob again = ledger.tokenRangesDue(clock.instant(), 10).get(0);
        assertEquals(big(501), again.next());
        assertEquals(TokenRangeJob.State.PENDING, again.state());
    }

    @Test
    void eachTokenOfARangeLogHasItsOwnIdempotencyKey() {
        LogKey a = log.forToken("7");
        assertNotEquals(log.partitionKey(), a.partitionKey());
        assertEquals(log.partitionKey() + "#7", a.partitionKey());
        MintRecord seven = new MintRecord(a, "7", "bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u", "genesis", 3, 5, 77, "", "backfill");
        assertTrue(ledger.recordMint(seven) instanceof RecordOutcome.Recorded);
        assertTrue(ledger.recordMint(seven) instanceof RecordOutcome.Duplicate, "the same token of the same log: once");
        MintRecord eight = new MintRecord(log.forToken("8"), "8", seven.cid(), "genesis", 3, 5, 77, "", "backfill");
        assertTrue(ledger.recordMint(eight) instanceof RecordOutcome.Recorded, "another token of the same log is its own record");
    }
}
