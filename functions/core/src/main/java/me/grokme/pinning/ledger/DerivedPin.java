package me.grokme.pinning.ledger;

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

    /** The marker standing in for a log in the child's {@code activeLogs}: it is active while its parent is. */
    public String viaKey() {
        return "VIA#" + parentCid;
    }
}
