package me.grokme.pinning.ledger;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a chain log: (chainId, transaction hash, log index). Providers redeliver; every write
 * keyed on it is idempotent.
 *
 * @param token "" for the log itself; for one token of a log that names a range of them (ERC-4906
 *              {@code BatchMetadataUpdate}, ERC-2309 {@code ConsecutiveTransfer}), that token's decimal id, so each
 *              token of the range is recorded once
 */
public record LogKey(long chainId, String txHash, long logIndex, String token) {

    private static final Pattern TX = Pattern.compile("0x[0-9a-f]{64}");
    private static final Pattern TOKEN = Pattern.compile("|0|[1-9][0-9]{0,77}");

    /** The key of a whole log. */
    public LogKey(long chainId, String txHash, long logIndex) {
        this(chainId, txHash, logIndex, "");
    }

    public LogKey {
        Objects.requireNonNull(token, "token");
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("a log key's token is empty or a decimal id: " + token);
        }
        Objects.requireNonNull(txHash, "txHash");
        txHash = txHash.toLowerCase(Locale.ROOT);
        if (!TX.matcher(txHash).matches()) {
            throw new IllegalArgumentException("transaction hash is not 0x + 64 hex digits: " + txHash);
        }
        if (chainId <= 0 || logIndex < 0) {
            throw new IllegalArgumentException("chain id must be positive and log index non-negative");
        }
    }

    /** The DynamoDB partition key of the idempotency item. */
    public String partitionKey() {
        return TableKeys.LOG_PREFIX + chainId + "#" + txHash + "#" + logIndex + (token.isEmpty() ? "" : "#" + token);
    }

    /** The key back from its {@link #partitionKey()}: {@code LOG#<chainId>#<txHash>#<logIndex>[#<token>]}. */
    public static LogKey parse(String partitionKey) {
        String[] p = partitionKey.split("#");
        if ((p.length != 4 && p.length != 5) || !(p[0] + "#").equals(TableKeys.LOG_PREFIX)) {
            throw new IllegalArgumentException("not a log key: " + partitionKey);
        }
        try {
            return new LogKey(Long.parseLong(p[1]), p[2], Long.parseLong(p[3]), p.length == 5 ? p[4] : "");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a log key: " + partitionKey, e);
        }
    }

    /** The key of one token of this (range) log. */
    public LogKey forToken(String tokenId) {
        return new LogKey(chainId, txHash, logIndex, tokenId);
    }
}
