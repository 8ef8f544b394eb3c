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
