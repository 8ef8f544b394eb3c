package me.grokme.pinning.cid;

/**
 * A validated content identifier (CIDv0 or CIDv1).
 *
 * <p>Instances exist only for strings that parse; equality is on the binary form, so the same CID
 * written in base32, base58btc or base36 is one value. A CIDv0 and the CIDv1 of the same content are
 * different CIDs to the cluster (different pins), so they are not equal here either; compare
 * {@link #toV1()} when content identity is what matters.
 *
 * <p>API skeleton: parsing is implemented in this package (see CidParser).
 */
public final class Cid implements Comparable<Cid> {
    // Implementation supplied by the cid package work; the public surface below is the contract.
    private Cid() {
        throw new IllegalStateException("skeleton");
    }

    /** Parses a bare CID string in any supported multibase; throws {@link InvalidCidException} naming the problem. */
    public static Cid parse(String text) {
        throw new IllegalStateException("skeleton");
    }

    @Override
    public int compareTo(Cid other) {
        return 0;
    }
}
