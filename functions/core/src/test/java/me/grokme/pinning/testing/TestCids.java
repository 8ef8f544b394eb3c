package me.grokme.pinning.testing;

import me.grokme.pinning.cid.Cid;

/** Distinct, valid raw-codec CIDv1s for tests: the index is written into the last digest bytes. */
public final class TestCids {

    private TestCids() {
    }

    /** A dag-pb CIDv1 (as CIDv1 base32 {@code bafy…}); {@code dagPb(i).toV0()} is the same content's {@code Qm…}. */
    public static Cid dagPb(int i) {
        byte[] b = raw(i).toBytes();
        b[1] = 0x70;
        return Cid.fromBytes(b);
    }

    public static Cid raw(int i) {
        byte[] b = new byte[36];
        b[0] = 1;
        b[1] = 0x55;
        b[2] = 0x12;
        b[3] = 32;
        b[32] = (byte) (i >>> 24);
        b[33] = (byte) (i >>> 16);
        b[34] = (byte) (i >>> 8);
        b[35] = (byte) i;
        return Cid.fromBytes(b);
    }
}
