package me.grokme.pinning.sweep;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bytes of the sweep's state items. A bucket item's {@code d} is its CIDs one after the other, 12 bytes each,
 * big-endian: the 8-byte stored hash ({@link SweepState#key}) and the 4-byte {@link Fingerprint} — the same bytes in
 * both {@link StateLayout layouts}. The layout item names the layout, the entry count (to size the next sweep's table)
 * and, until their deletion is done, the layout whose items are being deleted.
 */
final class StateCodec {

    static final int ENTRY_BYTES = 12;
    static final String DATA = "d";

    private StateCodec() {
    }

    /** One bucket's bytes, filled an entry at a time. */
    static final class BucketWriter {
        private final ByteBuffer buf;

        BucketWriter(int entries) {
            buf = ByteBuffer.allocate(entries * ENTRY_BYTES);
        }

        void add(long key, int fingerprint) {
            buf.putLong(key).putInt(fingerprint);
        }

        /** The bucket item at {@code key}. */
        Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
            Map<String, AttributeValue> item = new HashMap<>(key);
            item.put(DATA, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(buf.array())));
            return item;
        }
    }

    /** Adds a bucket item's entries to {@code into} as the previous sweep's fingerprints; returns how many. */
    static int read(Map<String, AttributeValue> item, SweepState into) {
        AttributeValue d = item.get(DATA);
        if (d == null || d.b() == null) {
            return 0;
        }
        ByteBuffer buf = d.b().asByteBuffer();
        int n = 0;
        while (buf.remaining() >= ENTRY_BYTES) {
            into.putPrevious(buf.getLong(), buf.getInt());
            n++;
        }
        return n;
    }

    /**
     * The layout item's content.
     *
     * @param entries CIDs stored (sizes the next table; 0 when unknown)
     * @param retired a layout whose items are still to be deleted
     */
    record Recorded(StateLayout layout, long entries, Optional<StateLayout> retired) {
    }

    static Map<String, AttributeValue> layoutItem(Recorded r) {
        Map<String, AttributeValue> item = new HashMap<>(StateLayout.layoutKey());
        item.put("format", n(r.layout().format()));
        item.put("buckets", n(r.layout().buckets()));
        item.put("entries", n(r.entries()));
        r.retired().ifPresent(old -> {
            item.put("retiredFormat", n(old.format()));
            item.put("retiredBuckets", n(old.buckets()));
        });
        return item;
    }

    /** The recorded layout; empty when there is no layout item. */
    static Optional<Recorded> recorded(Map<String, AttributeValue> item) {
        if (item == null || !item.containsKey("format")) {
            return Optional.empty();
        }
        StateLayout layout = new StateLayout(num(item, "format"), num(item, "buckets"));
        Optional<StateLayout> retired = item.containsKey("retiredFormat")
                ? Optional.of(new StateLayout(num(item, "retiredFormat"), num(item, "retiredBuckets"))) : Optional.empty();
        long entries = item.containsKey("entries") ? Long.parseLong(item.get("entries").n()) : 0;
        return Optional.of(new Recorded(layout, entries, retired));
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static int num(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(item.get(name).n());
    }
}
