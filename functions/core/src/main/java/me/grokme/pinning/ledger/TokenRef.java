package me.grokme.pinning.ledger;

import java.util.Objects;

/**
 * A token's identity: the capsule it belongs to (one contract on one chain, e.g. {@code genesis}) and its id there.
 * Two contracts' token 1 are two tokens.
 *
 * @param tokenId a decimal id, or a placeholder such as {@code unknown} for a log that named none (nothing is
 *                keyed by it then)
 */
public record TokenRef(String capsule, String tokenId) {

    public TokenRef {
        Objects.requireNonNull(capsule, "capsule");
        Objects.requireNonNull(tokenId, "tokenId");
    }

    /** True when the id is a decimal number, so the token has items of its own. */
    public boolean numeric() {
        return !tokenId.isEmpty() && tokenId.chars().allMatch(Character::isDigit);
    }

    /** The cluster pin name of the token's content: {@code <capsule>-<token>}, e.g. {@code genesis-42}. */
    public String pinName() {
        return capsule + "-" + tokenId;
    }
}
