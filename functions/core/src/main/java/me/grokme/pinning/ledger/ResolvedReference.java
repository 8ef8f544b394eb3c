package me.grokme.pinning.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * One URI found in a token's metadata JSON and what was made of it: a CID that is pinned, or a reason it
 * is only recorded (web URL, Arweave, IPNS…).
 */
public record ResolvedReference(String field, String uri, Optional<String> cid, String note) {

    public ResolvedReference {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(note, "note");
    }
}
