package me.grokme.pinning.chain;

import java.math.BigInteger;

/** What a log is to the mint decoder. */
public sealed interface DecodeOutcome {

    /** A mint of the configured contract on the configured chain. */
    record Mint(BigInteger tokenId, String uri, ChainLog log) implements DecodeOutcome {
    }

    /**
     * An ERC-721 mint ({@code Transfer} from the zero address): the token id is known, its URI has to be
     * read from the contract ({@code tokenURI}).
     */
    record TransferMint(BigInteger tokenId, ChainLog log) implements DecodeOutcome {
    }

    /**
     * ERC-4906 {@code MetadataUpdate} (a range of one) or {@code BatchMetadataUpdate}: the tokens' {@code tokenURI}
     * changed, so it is read again (at the log's block) and what it names now is pinned too.
     */
    record MetadataUpdate(TokenRange tokens, ChainLog log) implements DecodeOutcome {
    }

    /** ERC-2309 {@code ConsecutiveTransfer} from the zero address: every token of the range was minted; URIs from {@code tokenURI}. */
    record ConsecutiveMint(TokenRange tokens, ChainLog log) implements DecodeOutcome {
    }

    /** Not ours (other chain, contract or event); {@code counter} names the metric it counts toward. */
    record Ignored(String reason, String counter) implements DecodeOutcome {
    }

    /** Ours by address and topic0 but its data does not decode. */
    record Undecodable(String reason) implements DecodeOutcome {
    }
}
