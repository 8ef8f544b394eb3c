package me.grokme.pinning.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import me.grokme.pinning.clock.Sleeper;
import me.grokme.pinning.ledger.BatchReads;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The sweep's fingerprints in the table ({@link StateLayout}, {@link StateCodec}). A layout change — the first save
 * after the legacy 256 items, or a pinset outgrowing its items — writes every bucket of the new layout under its own
 * keys, switches the layout item to it (the commit point: a sweep that fails before reads the old layout whole), then
 * deletes the old items; the layout item names them until that is done, so a failed delete is retried next time.
 */
final class StateBuckets implements FingerprintStore {

    /** Keys a BatchGetItem call asks for: 32 items of up to ~256 KB stay well inside its 16 MB answer. */
    private static final int KEYS_PER_READ = 32;
    /** Buckets encoded at once are at most this many bytes (one pass over the table per group). */
    private static final long GROUP_BYTES = 16L << 20;
    private static final int DELETES_PER_CALL = 25;
    private static final int MAX_DELETE_ROUNDS = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    StateBuckets(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Loaded load() {
        Optional<StateCodec.Recorded> recorded = StateCodec.recorded(get(StateLayout.layoutKey(), "loadStateLayout"));
        StateLayout layout = recorded.map(StateCodec.Recorded::layout).orElse(StateLayout.LEGACY);
        long expected = recorded.map(StateCodec.Recorded::entries).orElse(0L);
        SweepState state = new SweepState((int) Math.min(1 << 29, expected + expected / 10 + 1024));
        int items = 0;
        for (int from = 0; from < layout.buckets(); from += KEYS_PER_READ) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int n = from; n < Math.min(layout.buckets(), from + KEYS_PER_READ); n++) {
                keys.add(layout.key(n));
            }
            for (Map<String, AttributeValue> item : BatchReads.getAll(dynamo, table, keys, "loadState", Sleeper.real())) {
                StateCodec.read(item, state);
                items++;
            }
        }
        boolean legacyFound = recorded.isEmpty() && items > 0;
        return new Loaded(state, legacyFound ? Optional.of(new StateCodec.Recorded(StateLayout.LEGACY, 0, Optional.empty())) : recorded);
    }

    @Override
    public int save(Loaded loaded) {
        int[] shardCounts = loaded.state().nextPerShard();
        Optional<StateLayout> current = loaded.stored().map(StateCodec.Recorded::layout);
        StateLayout chosen = StateLayout.choose(current, shardCounts);
        return current.equals(Optional.of(chosen)) ? update(loaded, chosen, shardCounts) : relayout(loaded, chosen, shardCounts);
    }

    /**
     * The same layout: the buckets holding a changed CID, even one that became empty (or its vanished CIDs would come
     * back); the layout item when its entry count moved, or when an old layout's deletion was left unfinished.
     */
    private int update(Loaded loaded, StateLayout layout, int[] shardCounts) {
        StateCodec.Recorded recorded = loaded.stored().orElseThrow();
        recorded.retired().ifPresent(this::deleteItems);
        boolean[] write = new boolean[layout.buckets()];
        for (int s = 0; s < shardCounts.length; s++) {
            write[layout.bucketOfShard(s)] |= loaded.state().shardChanged(s);
        }
        int writes = writeBuckets(loaded.state(), layout, write, layout.bucketCounts(shardCounts));
        long entries = sum(shardCounts);
        if (recorded.retired().isPresent() || writes > 0 && entries != recorded.entries()) {
            putLayout(new StateCodec.Recorded(layout, entries, Optional.empty()));
            writes++;
        }
        return writes;
    }

    /** A new layout: its non-empty buckets under their fresh keys, the layout item switched to it, the old items deleted. */
    private int relayout(Loaded loaded, StateLayout chosen, int[] shardCounts) {
        // Left from a change that did not finish: deleted first, so no stale item can be read as part of this layout.
        loaded.stored().flatMap(StateCodec.Recorded::retired).ifPresent(this::deleteItems);
        int[] counts = chosen.bucketCounts(shardCounts);
        boolean[] write = new boolean[chosen.buckets()];
        for (int n = 0; n < counts.length; n++) {
            write[n] = counts[n] > 0;
        }
        int writes = writeBuckets(loaded.state(), chosen, write, counts);
        long entries = sum(shardCounts);
        Optional<StateLayout> old = loaded.stored().map(StateCodec.Recorded::layout);
        if (old.isPresent()) {
            putLayout(new StateCodec.Recorded(chosen, entries, old));
            writes++;
            deleteItems(old.get());
        }
        putLayout(new StateCodec.Recorded(chosen, entries, Optional.empty()));
        return writes + 1;
    }

    private static long sum(int[] counts) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }

    /** Writes the marked buckets, a group of buckets at a time so the encoded bytes held stay bounded. */
    private int writeBuckets(SweepState state, StateLayout layout, boolean[] write, int[] bucketCounts) {
        int writes = 0;
        for (int from = 0; from < layout.buckets();) {
            int to = from;
            long bytes = 0;
            while (to < layout.buckets()) {
                long add = write[to] ? (long) bucketCounts[to] * StateCodec.ENTRY_BYTES : 0;
                if (to > from && bytes + add > GROUP_BYTES) {
                    break;
                }
                bytes += add;
                to++;
            }
            writes += writeGroup(state, layout, write, bucketCounts, from, to);
            from = to;
        }
        return writes;
    }

    private int writeGroup(SweepState state, StateLayout layout, boolean[] write, int[] bucketCounts, int from, int to) {
        StateCodec.BucketWriter[] writers = new StateCodec.BucketWriter[to - from];
        boolean any = false;
        for (int n = from; n < to; n++) {
            if (write[n]) {
                writers[n - from] = new StateCodec.BucketWriter(bucketCounts[n]);
                any = true;
            }
        }
        if (!any) {
            return 0;
        }
        state.forEachNext((key, fp) -> {
            int n = layout.bucketOf(key);
            if (n >= from && n < to && writers[n - from] != null) {
                writers[n - from].add(key, fp);
            }
        });
        int writes = 0;
        for (int n = from; n < to; n++) {
            if (writers[n - from] != null) {
                Map<String, AttributeValue> item = writers[n - from].item(layout.key(n));
                call("saveState", () -> dynamo.putItem(r -> r.tableName(table).item(item)));
                writers[n - from] = null;
                writes++;
            }
        }
        return writes;
    }

    private void putLayout(StateCodec.Recorded recorded) {
        call("saveStateLayout", () -> dynamo.putItem(r -> r.tableName(table).item(StateCodec.layoutItem(recorded))));
    }

    /** Deletes every bucket item of {@code layout} (a missing one is no error), 25 a BatchWriteItem call. */
    private void deleteItems(StateLayout layout) {
        for (int from = 0; from < layout.buckets(); from += DELETES_PER_CALL) {
            List<WriteRequest> deletes = new ArrayList<>();
            for (int n = from; n < Math.min(layout.buckets(), from + DELETES_PER_CALL); n++) {
                deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(layout.key(n)).build()).build());
            }
            Map<String, List<WriteRequest>> request = Map.of(table, deletes);
            for (int round = 0; !request.isEmpty(); round++) {
                if (round == MAX_DELETE_ROUNDS) {
                    // The layout item still names this layout as retired: the next save deletes what is left.
                    throw new LedgerUnavailableException("retireState", "deletes left unprocessed after " + MAX_DELETE_ROUNDS + " calls");
                }
                Map<String, List<WriteRequest>> current = request;
                BatchWriteItemResponse r = call("retireState", () -> dynamo.batchWriteItem(b -> b.requestItems(current)));
                request = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
            }
        }
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key, String operation) {
        try {
            return dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new LedgerUnavailableException(operation, e);
        }
    }

    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new LedgerUnavailableException(operation, e);
        }
    }
}
