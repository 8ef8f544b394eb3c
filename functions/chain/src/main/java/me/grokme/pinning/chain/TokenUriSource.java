package me.grokme.pinning.chain;

import java.math.BigInteger;

/** Reads an ERC-721 token's URI ({@code tokenURI(uint256)}). */
public interface TokenUriSource {

    /** Reads the URI; throws {@link RpcUnavailableException} when the node cannot be asked. */
    TokenUri tokenUri(String contract, BigInteger tokenId);

    /**
     * Reads the URI as it stood at block {@code block} (the log that made it matter: a mint, a metadata update).
     * A node that no longer holds that block's state (a plain node, more than ~128 blocks back) or does not have
     * the block yet answers at {@code latest} instead. Sources that cannot read past state answer the latest.
     */
    default TokenUri tokenUriAt(String contract, BigInteger tokenId, long block) {
        return tokenUri(contract, tokenId);
    }

    /**
     * {@link #tokenUriAt(String, BigInteger, long)} on chain {@code chainId}: a source reading several chains asks that
     * chain's node (the same contract address on two chains is two contracts); a one-chain source ignores it.
     */
    default TokenUri tokenUriAt(long chainId, String contract, BigInteger tokenId, long block) {
        return tokenUriAt(contract, tokenId, block);
    }

    /**
     * One source per chain: each read goes to its chain's source, and a chain without one is unavailable, naming the
     * setting. Reads that name no chain are answered only when there is exactly one.
     */
    static TokenUriSource perChain(java.util.Map<Long, ? extends TokenUriSource> sources, String missingSetting) {
        java.util.Map<Long, TokenUriSource> byChain = java.util.Map.copyOf(sources);
        return new TokenUriSource() {
            private TokenUriSource of(long chainId) {
                TokenUriSource source = byChain.get(chainId);
                if (source == null) {
                    throw new RpcUnavailableException("no RPC is configured for chain " + chainId + " (" + missingSetting + ")");
                }
                return source;
            }

            private TokenUriSource only() {
                if (byChain.size() != 1) {
                    throw new RpcUnavailableException("tokenURI read without a chain among " + new java.util.TreeSet<>(byChain.keySet()));
                }
                return byChain.values().iterator().next();
            }

            @Override
            public TokenUri tokenUri(String contract, BigInteger tokenId) {
                return only().tokenUri(contract, tokenId);
            }

            @Override
            public TokenUri tokenUriAt(String contract, BigInteger tokenId, long block) {
                return only().tokenUriAt(contract, tokenId, block);
            }

            @Override
            public TokenUri tokenUriAt(long chainId, String contract, BigInteger tokenId, long block) {
                return of(chainId).tokenUriAt(contract, tokenId, block);
            }
        };
    }

    /** For deployments without an RPC endpoint: every read is unavailable, naming the missing setting. */
    static TokenUriSource unconfigured(String why) {
        return (contract, tokenId) -> {
            throw new RpcUnavailableException(why);
        };
    }

    /** The answer of {@code tokenURI}. */
    sealed interface TokenUri {

        record Found(String uri) implements TokenUri {
        }

        /** The call reverted (no such token, burned…): there is nothing to pin, and asking again will not change that. */
        record Reverted(String reason) implements TokenUri {
        }
    }
}
