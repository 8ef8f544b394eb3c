package me.grokme.pinning.chain;

/** Which logs are mints, and where their URI comes from. */
public sealed interface MintSource {

    /** A custom event that carries the URI (GROKME's {@code Grokked(uint256 indexed tokenId, string ipfsURI)}). */
    record UriEvent(MintEventAbi abi) implements MintSource {
    }

    /** ERC-721: {@code Transfer(address(0), to, tokenId)}; the URI is {@code tokenURI(tokenId)} read with eth_call. */
    record Erc721Transfer() implements MintSource {
    }
}
