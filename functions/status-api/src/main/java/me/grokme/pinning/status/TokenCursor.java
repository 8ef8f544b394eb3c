package me.grokme.pinning.status;

import me.grokme.pinning.ledger.TableKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque cursor of a token's pages: the ledger sort key to continue after, base64url. */
final class TokenCursor {

    private static final int MAX_KEY = 400;

    private TokenCursor() {
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException unless it is a cursor {@link #encode} could have made for a token's item */
    static String decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_KEY * 2) {
            throw new IllegalArgumentException("cursor length");
        }
        String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!(key.startsWith(TableKeys.CID_PREFIX) || key.startsWith(TableKeys.REJECTED_SK_PREFIX)) || key.length() > MAX_KEY
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("not a token item's key");
        }
        return key;
    }
}
