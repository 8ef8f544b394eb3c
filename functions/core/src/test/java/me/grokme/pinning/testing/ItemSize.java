package me.grokme.pinning.testing;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item's size as DynamoDB counts it against its 400 KB limit, near enough: names plus string, number and string-set values. */
public final class ItemSize {

    private ItemSize() {
    }

    public static long bytes(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            AttributeValue v = e.getValue();
            bytes += e.getKey().length() + (v.s() != null ? v.s().length() : v.n() != null ? v.n().length()
                    : v.hasSs() ? v.ss().stream().mapToInt(String::length).sum() : 1);
        }
        return bytes;
    }
}
