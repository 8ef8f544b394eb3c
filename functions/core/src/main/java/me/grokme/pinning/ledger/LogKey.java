package me.grokme.pinning.ledger;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a chain log: (chainId, transaction hash, log index). Providers redeliver; every write
 * keyed on it is idempotent.
 */
public record LogKey(long chainId, String txHash, long logIndex) {

    private static final Pattern TX = Pattern.compile("0x[0-9a-f]{64}");

    public LogKey {
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
        return "LOG#" + chainId + "#" + txHash + "#" + logIndex;
    }
}
