package me.grokme.pinning.ledger;

import java.util.Locale;
import java.util.Objects;

/**
 * A CID found inside a token's metadata JSON (its image, animation…), to be pinned on the token's account.
 *
 * @param field     where in the metadata it was found, e.g. {@code image} or {@code properties.files[0].uri}
 * @param parentCid the metadata CID it was read from
 */
public record DerivedPin(String tokenId, String cid, String parentCid, String field, String capsule, int replicationMin,
        int replicationMax) {

    public DerivedPin {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(parentCid, "parentCid");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(capsule, "capsule");
        if (cid.equals(parentCid)) {
            throw new IllegalArgumentException("a metadata document cannot derive its own CID: " + cid);
        }
    }

    /** The cluster pin name: {@code <capsule>-<token>-<field>}, the field reduced to lower-case words and dashes. */
    public String pinName() {
        String f = field.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return capsule + "-" + tokenId + (f.isEmpty() ? "" : "-" + f);
    }

    /** The marker standing in for a log in the child's {@code activeLogs}: it is active while its parent is. */
    public String viaKey() {
        return "VIA#" + parentCid;
    }
}
