package me.grokme.pinning.ledger;

import java.util.Locale;

/** Why a mint's log pins nothing: what the token lookup and the dashboard call it. */
public enum RejectionKind {
    /** The log could not be decoded as a mint (no token id to show it on). */
    UNDECODABLE,
    /** The token URI names something other than IPFS content: a web URL, Arweave, IPNS, a data: URI. */
    NOT_IPFS,
    /** The token URI names IPFS but was refused: a malformed CID, control characters, path tricks. */
    REFUSED_URI,
    /** ERC-721 mode: the contract's {@code tokenURI} call reverted. */
    TOKEN_URI_REVERTED,
    /** An ERC-4906 batch update or ERC-2309 consecutive mint naming more tokens than are followed. */
    RANGE_TOO_LARGE;

    /** The public name, e.g. {@code not_ipfs}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
