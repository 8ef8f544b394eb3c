package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep's one table per CID: replication, previous and next fingerprint. */
class SweepStateTest {

    @Test
    void theTableHoldsAndGrowsKeepingEveryColumn() {
        SweepState s = new SweepState(4);
        for (int i = 0; i < 10_000; i++) {
            s.putPrevious(CidHealth.hash("cid-" + i), i);
            s.putReplication(CidHealth.hash("cid-" + i), 3, 5);
        }
        assertEquals(1234, s.see(CidHealth.hash("cid-1234"), 77), "see returns the previous fingerprint");
        assertEquals(77, s.next(CidHealth.hash("cid-1234")));
        assertEquals(Fingerprint.NONE, s.next(CidHealth.hash("cid-1")), "not seen yet");
        assertEquals(Replication.pack(3, 5), s.replication(CidHealth.hash("cid-9999")));
        assertEquals(Replication.UNKNOWN, s.replication(CidHealth.hash("absent")));
        assertEquals(Fingerprint.NONE, s.see(CidHealth.hash("new"), 5), "a CID without a previous fingerprint is new");
        assertEquals(Fingerprint.NONE, s.see(0L, 9), "hash 0 is remapped, not lost");
        assertEquals(9, s.next(0L));
    }

    @Test
    void everyReplicationFactorPairPacksBackIncludingEverywhereAndNoneIsTheUnknownMarker() {
        for (int[] f : new int[][] {{-1, -1}, {0, 0}, {1, 1}, {3, 5}, {2, 3}, {100, 100}, {32_767, 32_767}}) {
            int packed = Replication.pack(f[0], f[1]);
            assertTrue(packed != Replication.UNKNOWN, f[0] + ".." + f[1]);
            assertEquals(f[0], Replication.min(packed));
            assertEquals(f[1], Replication.max(packed));
        }
    }

    @Test
    void onlyCidsWhoseFingerprintMovedMarkTheirShardChanged() {
        SweepState s = new SweepState(16);
        long same = CidHealth.hash("same");
        long moved = CidHealth.hash("moved");
        s.putPrevious(same, 1);
        s.putPrevious(moved, 1);
        s.see(same, 1);
        s.see(moved, 2);
        assertFalse(s.shardChanged(SweepState.shardOf(SweepState.key(same))));
        assertTrue(s.shardChanged(SweepState.shardOf(SweepState.key(moved))));
    }

    @Test
    void unseenCidsAreCarriedAfterACutPassAndDroppedAfterACompleteOne() {
        long seen = CidHealth.hash("seen");
        long unseen = CidHealth.hash("unseen");
        long pinsetOnly = CidHealth.hash("in the pinset, not in the status stream");
        SweepState cut = state(seen, unseen, pinsetOnly);
        assertEquals(0, cut.settleUnseen(false));
        assertEquals(Map.of(SweepState.key(seen), 2, SweepState.key(unseen), 1), next(cut));
        assertFalse(cut.shardChanged(SweepState.shardOf(SweepState.key(unseen))));
        SweepState complete = state(seen, unseen, pinsetOnly);
        assertEquals(1, complete.settleUnseen(true));
        assertEquals(Map.of(SweepState.key(seen), 2), next(complete));
        assertTrue(complete.shardChanged(SweepState.shardOf(SweepState.key(unseen))), "its bucket must be rewritten without it");
    }

    @Test
    void tenMillionCidsFitInAQuarterOfTheLambdaHeap() {
        int capacity = SweepState.capacityFor(11_000_000); // what a sweep sizes for 10 M stored CIDs (+10 %)
        assertTrue(capacity * 0.75 >= 11_000_000);
        assertTrue(SweepState.bytesFor(capacity) <= 340L << 20, "table bytes " + SweepState.bytesFor(capacity));
    }

    private static SweepState state(long seen, long unseen, long pinsetOnly) {
        SweepState s = new SweepState(4);
        s.putPrevious(seen, 1);
        s.putPrevious(unseen, 1);
        s.putReplication(pinsetOnly, 3, 3);
        s.see(seen, 2);
        return s;
    }

    private static Map<Long, Integer> next(SweepState s) {
        Map<Long, Integer> out = new HashMap<>();
        s.forEachNext(out::put);
        return out;
    }
}
