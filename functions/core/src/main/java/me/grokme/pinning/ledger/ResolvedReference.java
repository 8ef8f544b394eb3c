package me.grokme.pinning.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * One URI found while reading a token's metadata (and the JSON documents it leads to) and what was made of
 * it: a CID that is pinned, or a reason it is only recorded (web URL, Arweave, IPNS, a relative reference
 * climbing above its root…).
 *
 * @param field   where in its document the URI was found, e.g. {@code image} or {@code properties.files[2].uri}
 * @param cid     the root CID the reference pins (for {@code ipfs://<dir>/a.png} or a relative {@code a.png}, the directory)
 * @param path    where inside that CID it points ({@code /a.png}), or "" for the CID itself
 * @param depth   1 for a reference in the token's metadata, 2 for one in a document the metadata references, …
 * @param foundIn the IPFS path of the document it was found in ({@code /ipfs/<cid>/42.json})
 */
public record ResolvedReference(String field, String uri, Optional<String> cid, String path, int depth, String foundIn, String note) {

    public ResolvedReference {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(foundIn, "foundIn");
        Objects.requireNonNull(note, "note");
    }

    /** A reference found in the metadata itself, pointing at a CID as a whole. */
    public ResolvedReference(String field, String uri, Optional<String> cid, String note) {
        this(field, uri, cid, "", 1, "", note);
    }
}
