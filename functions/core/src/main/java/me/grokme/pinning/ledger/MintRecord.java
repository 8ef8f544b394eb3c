package me.grokme.pinning.ledger;

import java.util.Objects;

/**
 * A decoded, validated mint to record: the log it came from, the token, the CID to pin and how.
 *
 * @param provider          which indexer delivered it (alchemy, quicknode, moralis, logs, backfill)
 * @param blockHash         0x-hex block hash, or "" when the provider did not send it
 * @param resolveReferences queue the token's JSON for deep pinning (the CIDs its image, animation… point at)
 * @param contentPath       where the token's document sits inside {@code cid} ({@code /42.json} for
 *                          {@code ipfs://<dir>/42.json}), normalised, or "" when the URI names the CID itself;
 *                          the whole CID is pinned either way
 */
public record MintRecord(LogKey log, String tokenId, String cid, String capsule, int replicationMin, int replicationMax,
        long blockNumber, String blockHash, String provider, boolean resolveReferences, String contentPath) {

    /** A mint recorded without deep pinning, its URI naming the CID itself. */
    public MintRecord(LogKey log, String tokenId, String cid, String capsule, int replicationMin, int replicationMax,
            long blockNumber, String blockHash, String provider) {
        this(log, tokenId, cid, capsule, replicationMin, replicationMax, blockNumber, blockHash, provider, false, "");
    }

    public MintRecord {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(capsule, "capsule");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(contentPath, "contentPath");
        if (!contentPath.isEmpty() && (!contentPath.startsWith("/") || contentPath.endsWith("/"))) {
            throw new IllegalArgumentException("content path must be empty or /segment[/segment…]: " + contentPath);
        }
        if (tokenId.isEmpty() || !tokenId.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("token id must be a decimal integer: " + tokenId);
        }
    }

    /** The cluster pin name: {@code <capsule>-<token>}, e.g. {@code genesis-42}. */
    public String pinName() {
        return capsule + "-" + tokenId;
    }
}
