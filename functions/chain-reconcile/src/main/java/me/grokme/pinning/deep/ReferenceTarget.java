package me.grokme.pinning.deep;

/**
 * What a URI found in a document points at ({@link ReferenceResolver} decides).
 */
public sealed interface ReferenceTarget {

    /** Content on IPFS: its root CID is what gets pinned; {@code relative} when resolved against the document. */
    record Ipfs(IpfsPath target, boolean relative) implements ReferenceTarget {
    }

    /** Not IPFS content (web URL, Arweave, data:, IPNS…): recorded, not pinned. */
    record NotIpfs(String reason) implements ReferenceTarget {
    }

    /** A relative reference that cannot be resolved safely: recorded with the reason, not pinned. */
    record Refused(String reason) implements ReferenceTarget {
    }
}
