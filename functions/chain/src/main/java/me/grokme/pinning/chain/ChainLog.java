package me.grokme.pinning.chain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import me.grokme.pinning.ledger.LogKey;

/**
 * One Ethereum log, normalised from any provider's shape.
 *
 * @param confirmed the provider's finality signal when it has one (Moralis {@code confirmed}); empty otherwise
 */
public record ChainLog(long chainId, String contract, List<String> topics, String data, long blockNumber, String blockHash,
        String txHash, long logIndex, boolean removed, Optional<Boolean> confirmed) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern WORD = Pattern.compile("0x[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("0x([0-9a-f]{2})*");

    public ChainLog {
        contract = lower(contract, "address");
        if (!ADDRESS.matcher(contract).matches()) {
            throw new MalformedLogException("address is not a 20-byte 0x-hex address: " + shorten(contract));
        }
        topics = topics.stream().map(t -> lower(t, "topic")).toList();
        for (String t : topics) {
            if (!WORD.matcher(t).matches()) {
                throw new MalformedLogException("topic is not 32 bytes of 0x-hex: " + shorten(t));
            }
        }
        if (topics.size() > 4) {
            throw new MalformedLogException("a log has at most 4 topics, got " + topics.size());
        }
        data = lower(data, "data");
        if (!HEX.matcher(data).matches()) {
            throw new MalformedLogException("data is not 0x-hex with whole bytes");
        }
        txHash = lower(txHash, "transactionHash");
        if (!WORD.matcher(txHash).matches()) {
            throw new MalformedLogException("transactionHash is not 32 bytes of 0x-hex: " + shorten(txHash));
        }
        blockHash = blockHash == null ? "" : blockHash.toLowerCase(Locale.ROOT);
        if (!blockHash.isEmpty() && !WORD.matcher(blockHash).matches()) {
            throw new MalformedLogException("blockHash is not 32 bytes of 0x-hex: " + shorten(blockHash));
        }
        if (chainId <= 0) {
            throw new MalformedLogException("chain id must be positive, got " + chainId);
        }
        if (logIndex < 0 || blockNumber < 0) {
            throw new MalformedLogException("logIndex and blockNumber must not be negative");
        }
        Objects.requireNonNull(confirmed, "confirmed");
    }

    private static String lower(String v, String field) {
        if (v == null) {
            throw new MalformedLogException(field + " is missing");
        }
        return v.toLowerCase(Locale.ROOT);
    }

    public static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    public LogKey key() {
        return new LogKey(chainId, txHash, logIndex);
    }
}
