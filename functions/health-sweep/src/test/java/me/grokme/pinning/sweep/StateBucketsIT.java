package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.ledger.TableKeys;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FailingDynamoDb;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The sweep's fingerprints on DynamoDB Local: the legacy items migrated, layout changes, unchanged sweeps writing nothing. */
class StateBucketsIT {

    private final FailingDynamoDb dynamo = new FailingDynamoDb(DynamoDbLocal.client());
    private String table;
    private StateBuckets store;

    @BeforeEach
    void table() {
        table = DynamoDbLocal.newLedgerTable();
        store = new StateBuckets(dynamo, table);
    }

    @Test
    void theLegacyItemsAreReadThenRewrittenInTheRecordedLayoutAndDeleted() {
        Map<Long, Integer> entries = entries(3_000);
        writeLegacy(entries);
        FingerprintStore.Loaded loaded = store.load();
        assertEquals(Optional.of(StateLayout.LEGACY), loaded.stored().map(StateCodec.Recorded::layout));
        assertEquals(entries, carried(loaded));
        int writes = store.save(loaded);
        assertEquals(nonEmptyBuckets(entries) + 2, writes, "every bucket of the new layout, the layout item (with the legacy one retired), then without it");
        assertNull(item(TableKeys.sweepState(0)), "legacy items deleted");
        FingerprintStore.Loaded again = store.load();
        assertEquals(Optional.of(new StateCodec.Recorded(StateLayout.of(256), entries.size(), Optional.empty())), again.stored());
        assertEquals(entries, carried(again), "the same fingerprints, now in the new layout");
        assertEquals(0, store.save(again), "an unchanged sweep writes nothing");
    }

    @Test
    void aMigrationCutBeforeTheLayoutItemLeavesTheLegacyStateWholeForTheNextSweep() {
        Map<Long, Integer> entries = entries(500);
        writeLegacy(entries);
        FingerprintStore.Loaded loaded = store.load();
        carried(loaded);
        dynamo.failWritesAfter(nonEmptyBuckets(entries), 1); // the new buckets are written, the layout item is not
        assertThrows(LedgerUnavailableException.class, () -> store.save(loaded));
        FingerprintStore.Loaded next = store.load();
        assertEquals(Optional.of(StateLayout.LEGACY), next.stored().map(StateCodec.Recorded::layout));
        assertEquals(entries, carried(next));
        store.save(next);
        assertEquals(entries, carried(store.load()));
    }

    @Test
    void oldItemsLeftByAFailedDeletionAreDeletedByTheNextSave() {
        Map<Long, Integer> entries = entries(500);
        writeLegacy(entries);
        FingerprintStore.Loaded loaded = store.load();
        carried(loaded);
        dynamo.failWritesAfter(nonEmptyBuckets(entries) + 1, 1); // switched to the new layout; the first deletion fails
        assertThrows(LedgerUnavailableException.class, () -> store.save(loaded));
        FingerprintStore.Loaded next = store.load();
        assertEquals(Optional.of(StateLayout.LEGACY), next.stored().flatMap(StateCodec.Recorded::retired));
        assertEquals(entries, carried(next), "the new layout is read, not the old items");
        assertEquals(1, store.save(next), "the layout item, no longer naming the legacy one");
        for (int n = 0; n < 256; n++) {
            assertNull(item(TableKeys.sweepState(n)));
        }
        assertEquals(Optional.empty(), store.load().stored().flatMap(StateCodec.Recorded::retired));
    }

    @Test
    void aChangedCidRewritesOnlyItsBucketAndAVanishedOneLeavesItsBucketEvenWhenItEmpties() {
        SweepState first = new SweepState(4);
        long a = CidHealth.hash(TestCids.raw(1).toString());
        long b = CidHealth.hash(TestCids.raw(2).toString());
        first.see(a, 1);
        first.see(b, 1);
        store.save(new FingerprintStore.Loaded(first, Optional.empty()));
        FingerprintStore.Loaded second = store.load();
        second.state().see(a, 2);
        second.state().settleUnseen(true);
        StateLayout layout = StateLayout.of(256);
        assertTrue(layout.bucketOf(SweepState.key(a)) != layout.bucketOf(SweepState.key(b)), "the two CIDs are in different buckets");
        assertEquals(2 + 1, store.save(second), "a's bucket, b's emptied bucket, the layout item's new count");
        FingerprintStore.Loaded third = store.load();
        assertEquals(Map.of(SweepState.key(a), 2), carried(third));
    }

    @Test
    void aLayoutWithFarMoreBucketsThanNeededIsReplacedAndItsItemsDeleted() {
        Map<Long, Integer> entries = entries(2_000);
        StateLayout big = StateLayout.of(4096);
        // As a sweep of a much larger pinset left it: its buckets and the layout item naming them.
        Map<Integer, Map<Long, Integer>> buckets = new HashMap<>();
        entries.forEach((k, v) -> buckets.computeIfAbsent(big.bucketOf(k), n -> new HashMap<>()).put(k, v));
        buckets.forEach((n, in) -> {
            StateCodec.BucketWriter w = new StateCodec.BucketWriter(in.size());
            in.forEach(w::add);
            DynamoDbLocal.client().putItem(r -> r.tableName(table).item(w.item(big.key(n))));
        });
        DynamoDbLocal.client().putItem(r -> r.tableName(table).item(StateCodec.layoutItem(new StateCodec.Recorded(big, 2_000, Optional.empty()))));
        FingerprintStore.Loaded loaded = store.load();
        assertEquals(entries, carried(loaded));
        store.save(loaded);
        FingerprintStore.Loaded after = store.load();
        assertEquals(StateLayout.of(256), after.stored().orElseThrow().layout());
        assertEquals(entries, carried(after));
        buckets.keySet().forEach(n -> assertNull(item(big.key(n)), "bucket " + n + " of the old layout"));
    }

    /** The loaded fingerprints, each carried to the next sweep unchanged (as a pass that saw nothing new does). */
    private static Map<Long, Integer> carried(FingerprintStore.Loaded loaded) {
        Map<Long, Integer> out = new HashMap<>();
        loaded.state().settleUnseen(false);
        loaded.state().forEachNext(out::put);
        return out;
    }

    /** How many buckets of the 256-bucket layout hold at least one of {@code entries}: the items a migration writes. */
    private static int nonEmptyBuckets(Map<Long, Integer> entries) {
        return (int) entries.keySet().stream().map(StateLayout.of(256)::bucketOf).distinct().count();
    }

    private static Map<Long, Integer> entries(int n) {
        SplittableRandom r = new SplittableRandom(n);
        Map<Long, Integer> out = new HashMap<>();
        while (out.size() < n) {
            out.put(SweepState.key(r.nextLong()), HealthState.HEALTHY.code() << 24 | r.nextInt(1, 6) << 16 | 0b111);
        }
        return out;
    }

    /** The 256 items {@code SWEEP#<n>/STATE} exactly as the sweep wrote them before layouts were recorded. */
    private void writeLegacy(Map<Long, Integer> entries) {
        Map<Integer, ByteBuffer> buckets = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        entries.keySet().forEach(k -> counts.merge((int) ((k >>> 56) & 255), 1, Integer::sum));
        counts.forEach((b, c) -> buckets.put(b, ByteBuffer.allocate(c * 12)));
        entries.forEach((k, v) -> buckets.get((int) ((k >>> 56) & 255)).putLong(k).putInt(v));
        buckets.forEach((b, buf) -> {
            Map<String, AttributeValue> item = new HashMap<>(TableKeys.sweepState(b));
            item.put("d", AttributeValue.fromB(SdkBytes.fromByteArray(buf.array())));
            DynamoDbLocal.client().putItem(r -> r.tableName(table).item(item));
        });
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = DynamoDbLocal.client().getItem(r -> r.tableName(table).key(key)).item();
        return item == null || item.isEmpty() ? null : item;
    }
}
