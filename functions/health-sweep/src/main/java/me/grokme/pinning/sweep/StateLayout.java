package me.grokme.pinning.sweep;

import me.grokme.pinning.ledger.LedgerTable;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.ledger.TableKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the sweep's fingerprints are split into table items: {@code buckets} items (a power of two), a CID in the bucket
 * named by the top bits of its {@link SweepState#shardOf shard}, so a bucket of one layout is whole buckets of a larger one. The bucket count is
 * chosen by size (DynamoDB's items hold at most 400 KB) and recorded in the layout item; each layout has its own keys,
 * so the items of a new layout are written beside the old ones and the layout item switches to them in one write.
 *
 * @param format  {@link #LEGACY_FORMAT}: the 256 items {@code SWEEP#<n>/STATE} written before layouts were recorded
 *                (no layout item); {@link #FORMAT}: {@code SWEEP#<buckets>#<n>/STATE}, recorded in {@code SWEEP#LAYOUT}
 * @param buckets the number of bucket items
 */
record StateLayout(int format, int buckets) {

    static final int LEGACY_FORMAT = 1;
    static final int FORMAT = 2;
    static final StateLayout LEGACY = new StateLayout(LEGACY_FORMAT, 256);
    static final int MIN_BUCKETS = 256;
    static final int MAX_BUCKETS = SweepState.SHARDS;
    /** DynamoDB's item size limit. */
    static final int ITEM_LIMIT = 400 * 1024;
    /** A new layout has its largest item at most this big, so the pinset can grow ~3× before the next change. */
    static final int TARGET_ITEM = 128 * 1024;
    /** A layout is kept while its largest item stays below this (well inside {@link #ITEM_LIMIT}). */
    static final int GROW_AT = 256 * 1024;

    StateLayout {
        if (buckets < 1 || buckets > MAX_BUCKETS || Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("bucket count must be a power of two up to " + MAX_BUCKETS + ": " + buckets);
        }
        if (format != LEGACY_FORMAT && format != FORMAT || format == LEGACY_FORMAT && buckets != 256) {
            throw new IllegalArgumentException("no state layout has format " + format + " with " + buckets + " buckets");
        }
    }

    static StateLayout of(int buckets) {
        return new StateLayout(FORMAT, buckets);
    }

    /** The layout item: which layout the state is stored in. */
    static Map<String, AttributeValue> layoutKey() {
        return TableKeys.key(TableKeys.SWEEP_LAYOUT_PK, TableKeys.STATE_SK);
    }

    /** The item of bucket {@code n}. */
    Map<String, AttributeValue> key(int n) {
        return format == LEGACY_FORMAT ? TableKeys.sweepState(n) : TableKeys.key(partition(n), TableKeys.STATE_SK);
    }

    private String partition(int n) {
        return format == LEGACY_FORMAT ? TableKeys.SWEEP_PREFIX + n : TableKeys.SWEEP_PREFIX + buckets + "#" + n;
    }

    /** The bucket of a stored key. (The legacy sweep bucketed by the hash's top byte; its items are only read.) */
    int bucketOf(long key) {
        return bucketOfShard(SweepState.shardOf(key));
    }

    /** The bucket holding {@link SweepState} shard {@code shard}. */
    int bucketOfShard(int shard) {
        return shard >>> (SweepState.SHARD_BITS - bits());
    }

    private int bits() {
        return Integer.numberOfTrailingZeros(buckets);
    }

    /** DynamoDB's size of bucket {@code n}'s item holding {@code entries} fingerprints (attribute names + values). */
    int itemBytes(int n, int entries) {
        return LedgerTable.PK.length() + partition(n).length() + LedgerTable.SK.length() + TableKeys.STATE_SK.length() + "d".length() + entries * StateCodec.ENTRY_BYTES;
    }

    /** The entries of each bucket, from the entries of each shard. */
    int[] bucketCounts(int[] shardCounts) {
        int[] counts = new int[buckets];
        for (int s = 0; s < shardCounts.length; s++) {
            counts[bucketOfShard(s)] += shardCounts[s];
        }
        return counts;
    }

    /** The size of this layout's largest item for these entries per shard. */
    int largestItem(int[] shardCounts) {
        int[] counts = bucketCounts(shardCounts);
        int largest = 0;
        for (int n = 0; n < counts.length; n++) {
            largest = Math.max(largest, itemBytes(n, counts[n]));
        }
        return largest;
    }

    /**
     * The layout the next save writes: the current one while its largest item stays under {@link #GROW_AT} and it has
     * at most 4× the buckets needed; else the fewest buckets (at least {@link #MIN_BUCKETS}) whose largest item is at most
     * {@link #TARGET_ITEM}. A legacy or absent layout is always replaced.
     *
     * @throws IllegalStateException when even {@link #MAX_BUCKETS} items would pass DynamoDB's item limit
     */
    static StateLayout choose(Optional<StateLayout> current, int[] shardCounts) {
        StateLayout fitting = of(MIN_BUCKETS);
        while (fitting.buckets < MAX_BUCKETS && fitting.largestItem(shardCounts) > TARGET_ITEM) {
            fitting = of(fitting.buckets * 2);
        }
        if (fitting.largestItem(shardCounts) > ITEM_LIMIT) {
            throw new IllegalStateException("the sweep state does not fit " + MAX_BUCKETS + " items of " + ITEM_LIMIT + " bytes");
        }
        if (current.isPresent() && current.get().format == FORMAT && current.get().largestItem(shardCounts) <= GROW_AT
                && current.get().buckets <= 4 * fitting.buckets) {
            return current.get();
        }
        return fitting;
    }
}
