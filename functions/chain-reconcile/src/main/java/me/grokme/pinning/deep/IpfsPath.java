package me.grokme.pinning.deep;

import java.util.Objects;
import me.grokme.pinning.cid.Cid;

/**
 * Where a document or a reference sits: a root CID and a normalised path inside it ({@code ""} for the CID
 * itself, else {@code /a/b}; no empty or dot segments).
 */
public record IpfsPath(Cid root, String path) {

    public IpfsPath {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(path, "path");
    }

    /** Identity for "already read in this walk": the CID's v1 form, so {@code Qm…} and {@code bafy…} spellings are one document. */
    public String key() {
        return "/ipfs/" + root.toV1() + path;
    }

    public boolean sameRoot(Cid other) {
        return root.toV1().equals(other.toV1());
    }

    @Override
    public String toString() {
        return "/ipfs/" + root + path;
    }
}
