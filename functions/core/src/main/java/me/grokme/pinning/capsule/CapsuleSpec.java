package me.grokme.pinning.capsule;

import java.util.Objects;
import java.util.Set;

/**
 * One capsule: a collection of tokens with its own identity ({@code name}: pin names {@code <name>-<tokenId>}, ledger
 * keys, status routes), the contract(s) whose logs mint them, how a mint is read, and how its content is kept.
 *
 * @param mode        {@code event} (the mint event {@code eventAbi} carries the URI in {@code uriParam}, the id in
 *                    {@code tokenParam}) or {@code erc721} ({@code Transfer} from 0x0, then {@code tokenURI})
 * @param startBlock  the first block the chain reconciliation reads for it when it has no checkpoint yet
 */
public record CapsuleSpec(String name, Set<Long> chainIds, Set<String> contracts, String mode, String eventAbi, String tokenParam,
        String uriParam, int replicationMin, int replicationMax, long startBlock) {

    public static final String EVENT = "event";
    public static final String ERC721 = "erc721";

    public CapsuleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(eventAbi, "eventAbi");
        Objects.requireNonNull(tokenParam, "tokenParam");
        Objects.requireNonNull(uriParam, "uriParam");
        chainIds = Set.copyOf(chainIds);
        contracts = Set.copyOf(contracts);
        if (replicationMin < 1 || replicationMax < replicationMin) {
            throw new IllegalArgumentException("replication must satisfy 1 <= min <= max, got " + replicationMin + "/" + replicationMax);
        }
    }

    /** Whether a log of this chain and contract (lower-case 0x address) mints this capsule's tokens. */
    public boolean follows(long chainId, String contract) {
        return chainIds.contains(chainId) && contracts.contains(contract);
    }
}
