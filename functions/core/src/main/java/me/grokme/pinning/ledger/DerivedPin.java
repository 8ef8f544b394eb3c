package me.grokme.pinning.ledger;

import java.util.Locale;
import java.util.Objects;

/**
 * A CID found while reading a token's metadata JSON (its image, animation, or a further document's
 * reference), to be pinned on the token's account.
 *
 * @param field     where in its document it was found, e.g. {@code image} or {@code properties.files[0].uri}
 * @param parentCid the token's metadata CID: the walk that found it started there, and the pin stays active through it
 * @param path      where inside {@code cid} the reference points ({@code /img/1.png}), or "" for the CID itself
 * @param depth     1 for a reference in the metadata, 2 for one in a document the metadata references, …
 */
public record DerivedPin(String tokenId, String cid, String parentCid, String field, String capsule, int replicationMin,
        int replicationMax, String path, int depth) {

    public DerivedPin {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(parentCid, "parentCid");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(capsule, "capsule");
        Objects.requireNonNull(path, "path");
        if (cid.equals(parentCid)) {
            throw new IllegalArgumentException("a metadata document cannot derive its own CID: " + cid);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("a reference's depth starts at 1: " + depth);
        }
    }

    /** A CID named as a whole by the metadata itself. */
    public DerivedPin(String tokenId, String cid, String parentCid, String field, String capsule, int replicationMin, int replicationMax) {
        this(tokenId, cid, parentCid, field, capsule, replicationMin, replicationMax, "", 1);
    }

    /** The cluster pin name: {@code <capsule>-<token>-<field>}, the field reduced to lower-case words and dashes. */
    public String pinName() {
        String f = field.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return capsule + "-" + tokenId + (f.isEmpty() ? "" : "-" + f);
    }

    /** The marker standing in for a log in the child's {@code activeLogs}: it is active while its parent is. */
    public String viaKey() {
        return TableKeys.VIA_PREFIX + parentCid;
    }
}
