package me.grokme.pinning.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * The one place a token's partition key is built and read back (functions/core/LEDGER.md): {@code TOKEN#<capsule>#<id>},
 * except for the <em>legacy capsule</em>, whose tokens keep the {@code TOKEN#<id>} partition they had before
 * capsules existed. Items written then belong to the one capsule configured then ({@code CAPSULE}, default
 * {@code genesis}), so they stay where they are and are read as that capsule's, with no migration; a second capsule's
 * items can never land in them (a capsule's partition has two {@code #} after {@code TOKEN}, a legacy one only one).
 */
public record TokenKeys(String legacyCapsule) {

    public static final String PREFIX = TableKeys.TOKEN_PREFIX;
    /** The capsule a deployment had before capsules, unless {@code CAPSULE} named another. */
    public static final String DEFAULT_LEGACY_CAPSULE = "genesis";
    public static final TokenKeys DEFAULT = new TokenKeys(DEFAULT_LEGACY_CAPSULE);

    public TokenKeys {
        Objects.requireNonNull(legacyCapsule, "legacyCapsule");
    }

    /** The token's partition key. */
    public String partitionKey(TokenRef token) {
        return token.capsule().equals(legacyCapsule) ? PREFIX + token.tokenId() : PREFIX + token.capsule() + "#" + token.tokenId();
    }

    public String partitionKey(String capsule, String tokenId) {
        return partitionKey(new TokenRef(capsule, tokenId));
    }

    /** The token a partition key names; empty when it is not a token's. */
    public Optional<TokenRef> parse(String partitionKey) {
        if (!partitionKey.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = partitionKey.substring(PREFIX.length());
        int hash = rest.lastIndexOf('#');
        return Optional.of(hash < 0 ? new TokenRef(legacyCapsule, rest) : new TokenRef(rest.substring(0, hash), rest.substring(hash + 1)));
    }
}
