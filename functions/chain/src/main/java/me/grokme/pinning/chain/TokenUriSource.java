package me.grokme.pinning.chain;

import java.math.BigInteger;

/** Reads an ERC-721 token's URI ({@code tokenURI(uint256)}). */
public interface TokenUriSource {

    /** Reads the URI; throws {@link RpcUnavailableException} when the node cannot be asked. */
    TokenUri tokenUri(String contract, BigInteger tokenId);

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
