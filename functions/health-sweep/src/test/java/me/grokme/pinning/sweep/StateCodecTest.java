package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import me.grokme.pinning.ledger.TableKeys;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.Test;

/** The bytes of the sweep's state items and the choice of their layout. */
class StateCodecTest {

    @Test
    void aBucketReadsBackAsItWasWritten() {
        Map<Long, Integer> entries = Map.of(SweepState.key(0L), 7, -1L, Fingerprint.of(HealthState.HEALTHY, 3, List.of("eu"),
                List.of("eu")), Long.MIN_VALUE, 0, 42L, Integer.MAX_VALUE);
        StateCodec.BucketWriter w = new StateCodec.BucketWriter(entries.size());
        entries.forEach(w::add);
        Map<String, AttributeValue> item = w.item(StateLayout.of(256).key(3));
        assertEquals(entries.size() * StateCodec.ENTRY_BYTES, item.get(StateCodec.DATA).b().asByteArray().length);
        SweepState read = new SweepState(4);
        assertEquals(entries.size(), StateCodec.read(item, read));
        entries.forEach((k, fp) -> assertEquals(fp, read.see(k, fp), "previous fingerprint of " + k));
    }

    @Test
    void aBucketWrittenByTheLegacySweepReadsAsThePreviousFingerprints() {
        // Exactly what the sweep before recorded layouts wrote into SWEEP#<n>/STATE: 8-byte hash + 4-byte fingerprint.
        ByteBuffer legacy = ByteBuffer.allocate(24).putLong(0x0123456789abcdefL).putInt(HealthState.HEALTHY.code() << 24 | 3 << 16 | 0b111)
                .putLong(0x7fedcba987654321L).putInt(HealthState.ERRORED.code() << 24 | 1 << 16 | 0b1);
        Map<String, AttributeValue> item = new HashMap<>(TableKeys.sweepState(1));
        item.put("d", AttributeValue.fromB(SdkBytes.fromByteArray(legacy.array())));
        assertEquals(TableKeys.sweepState(1), StateLayout.LEGACY.key(1), "the legacy layout reads the legacy keys");
        SweepState read = new SweepState(4);
        assertEquals(2, StateCodec.read(item, read));
        assertTrue(Fingerprint.is(read.see(0x0123456789abcdefL, 0), HealthState.HEALTHY));
        assertTrue(Fingerprint.is(read.see(0x7fedcba987654321L, 0), HealthState.ERRORED));
    }

    @Test
    void theLayoutItemReadsBackWithItsRetiredLayout() {
        StateCodec.Recorded r = new StateCodec.Recorded(StateLayout.of(1024), 10_000_000, Optional.of(StateLayout.LEGACY));
        assertEquals(Optional.of(r), StateCodec.recorded(StateCodec.layoutItem(r)));
        StateCodec.Recorded done = new StateCodec.Recorded(StateLayout.of(256), 5, Optional.empty());
        assertEquals(Optional.of(done), StateCodec.recorded(StateCodec.layoutItem(done)));
        assertEquals(Optional.empty(), StateCodec.recorded(null), "no layout item: nothing recorded");
    }

    @Test
    void eachLayoutHasItsOwnKeysAndABucketOfOneLayoutIsWholeBucketsOfALargerOne() {
        assertTrue(!StateLayout.of(256).key(0).equals(StateLayout.LEGACY.key(0)));
        assertTrue(!StateLayout.of(256).key(1).equals(StateLayout.of(1024).key(1)));
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            long k = r.nextLong();
            assertEquals(StateLayout.of(256).bucketOf(k), StateLayout.of(1024).bucketOf(k) / 4);
            assertEquals(StateLayout.of(1024).bucketOf(k), StateLayout.of(1024).bucketOfShard(SweepState.shardOf(k)));
        }
    }

    @Test
    void tenMillionCidsGetALayoutWhoseLargestItemIsFarBelowDynamoDbsLimitWhereTheLegacyOnesWereAbove() {
        int[] shards = shardCounts(10_000_000);
        StateLayout chosen = StateLayout.choose(Optional.of(StateLayout.LEGACY), shards);
        assertEquals(StateLayout.of(1024), chosen);
        assertTrue(chosen.largestItem(shards) <= StateLayout.TARGET_ITEM, "largest item " + chosen.largestItem(shards));
        assertTrue(StateLayout.LEGACY.largestItem(shards) > StateLayout.ITEM_LIMIT, "the 256 legacy items would not fit");
        assertEquals(chosen, StateLayout.choose(Optional.of(chosen), shards), "kept once chosen");
    }

    @Test
    void aLayoutIsKeptUntilItsItemsGrowPastTheMarginThenTheBucketsMultiply() {
        StateLayout small = StateLayout.choose(Optional.empty(), shardCounts(1_000_000));
        assertEquals(StateLayout.of(256), small);
        assertEquals(small, StateLayout.choose(Optional.of(small), shardCounts(4_000_000)), "~190 KB items: kept");
        StateLayout grown = StateLayout.choose(Optional.of(small), shardCounts(8_000_000));
        assertEquals(StateLayout.of(1024), grown);
        assertEquals(grown, StateLayout.choose(Optional.of(grown), shardCounts(1_000_000)), "at most 4× the buckets needed: kept");
        assertEquals(StateLayout.of(256), StateLayout.choose(Optional.of(StateLayout.of(4096)), shardCounts(1_000_000)),
                "more than 4× the buckets needed: fewer");
    }

    @Test
    void aLayoutNoVersionWroteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StateLayout(StateLayout.LEGACY_FORMAT, 1024));
        assertThrows(IllegalArgumentException.class, () -> new StateLayout(3, 256));
        assertThrows(IllegalArgumentException.class, () -> StateLayout.of(1000));
    }

    /** Entries per shard of {@code n} CIDs that differ only in their last characters (the hardest case for the hash). */
    private static int[] shardCounts(int n) {
        int[] counts = new int[SweepState.SHARDS];
        for (int i = 0; i < n; i++) {
            counts[SweepState.shardOf(SweepState.key(CidHealth.hash(cid(i))))]++;
        }
        return counts;
    }

    /** Shaped like a base32 CIDv1, differing from the next only at its end (as the tests' CIDs do). */
    private static String cid(int i) {
        return "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyk" + Integer.toString(i, 32);
    }
}
