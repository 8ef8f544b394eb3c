package me.grokme.pinning.cid;

import java.util.Arrays;
import java.util.Optional;

/**
 * A validated content identifier (CIDv0 or CIDv1), following the multiformats CID specification.
 *
 * <p>Accepted string forms: a bare CIDv0 ({@code Qm…}, 46 base58btc characters encoding a sha2-256
 * multihash), and CIDv1 with the multibase prefixes {@code b}/{@code B} (base32), {@code z} (base58btc),
 * {@code k}/{@code K} (base36) and {@code f}/{@code F} (base16). Base16 is accepted because go-cid (which
 * the cluster uses) accepts it; the reference JavaScript implementation needs the base named for it.
 * Every other multibase (base64 and friends) is refused: no NFT tooling writes CIDs that way.
 * Any codec and any multihash function parse (the CID is well-formed); policy such as "an IPNS key is not
 * content" belongs to the caller ({@link IpfsUris}). The multihash's declared digest length must match
 * the bytes present, varints must be minimal, and nothing may follow the digest.
 *
 * <p>Equality is on the binary form, so one CIDv1 written in base32, base58btc or base36 is one value.
 * A CIDv0 and the CIDv1 of the same content are different CIDs to the cluster (different pins), so they
 * are not equal; compare {@link #toV1()} or {@link #toCanonicalString()} when content identity matters
 * (the ledger keys content by {@link #toCanonicalString()}, see functions/core/LEDGER.md).
 *
 * <p>{@link #toString()} is the form the IPFS Cluster prints: CIDv0 as {@code Qm…}, CIDv1 as lowercase
 * base32 {@code b…}. It contains only base58/base32 alphabet characters, so it is safe as a URL path segment.
 */
public final class Cid implements Comparable<Cid> {

    /** Codec of UnixFS / dag-pb content (the only codec a CIDv0 can have). */
    public static final long DAG_PB = 0x70;
    /** Codec of raw blocks. */
    public static final long RAW = 0x55;
    /** Codec of dag-cbor. */
    public static final long DAG_CBOR = 0x71;
    /** Codec of a libp2p public key: an IPNS name, not content. */
    public static final long LIBP2P_KEY = 0x72;
    /** Multihash code of sha2-256. */
    public static final long SHA2_256 = 0x12;

    /** Longer inputs are refused before any decoding (the longest sane CID string is ~100 characters). */
    static final int MAX_LENGTH = 256;
    private static final int MAX_DIGEST = 128;

    private final int version;
    private final long codec;
    private final long multihashCode;
    private final byte[] bytes; // binary CID; for v0 the bare multihash
    private final int digestOffset;
    private final String text; // the cluster's printed form, computed once
    private final int hash;

    private Cid(int version, long codec, long multihashCode, byte[] bytes, int digestOffset) {
        this.version = version;
        this.codec = codec;
        this.multihashCode = multihashCode;
        this.bytes = bytes;
        this.digestOffset = digestOffset;
        this.text = version == 0 ? Multibase.encodeBase58(bytes) : Multibase.encodeBase32Lower(bytes);
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * Parses a bare CID string.
     *
     * @throws InvalidCidException naming the problem (and quoting a truncated, printable copy of the input)
     */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidCidException("CID is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidCidException("CID is longer than " + MAX_LENGTH + " characters (" + text.length() + "): " + quote(text));
        }
        if (text.length() == 46 && text.startsWith("Qm")) {
            byte[] mh = Multibase.decodeBase58(text, 0);
            if (mh.length != 34 || mh[0] != 0x12 || mh[1] != 0x20) {
                throw new InvalidCidException("CIDv0 must be a 34-byte sha2-256 multihash: " + quote(text));
            }
            return new Cid(0, DAG_PB, SHA2_256, mh, 2);
        }
        if (text.length() < 2) {
            throw new InvalidCidException("CID is too short: " + quote(text));
        }
        return fromV1Bytes(Multibase.decodePrefixed(text), text);
    }

    /** Parses a binary CID (CIDv1 bytes, or the 34-byte multihash of a CIDv0). */
    public static Cid fromBytes(byte[] binary) {
        byte[] copy = binary.clone();
        if (copy.length == 34 && copy[0] == 0x12 && copy[1] == 0x20) {
            return new Cid(0, DAG_PB, SHA2_256, copy, 2);
        }
        return fromV1Bytes(copy, null);
    }

    private static Cid fromV1Bytes(byte[] b, String source) {
        String shown = source == null ? "binary CID" : quote(source);
        int[] pos = {0};
        long version = Varint.read(b, pos, "version", shown);
        if (version == 0x12 && b.length == 34) {
            throw new InvalidCidException("a CIDv0 must not carry a multibase prefix: " + shown);
        }
        if (version != 1) {
            throw new InvalidCidException("unsupported CID version " + version + ": " + shown);
        }
        long codec = Varint.read(b, pos, "codec", shown);
        long mhCode = Varint.read(b, pos, "multihash code", shown);
        long digestLength = Varint.read(b, pos, "multihash length", shown);
        if (digestLength > MAX_DIGEST) {
            throw new InvalidCidException("multihash digest length " + digestLength + " exceeds " + MAX_DIGEST + ": " + shown);
        }
        int remaining = b.length - pos[0];
        if (remaining != digestLength) {
            throw new InvalidCidException("multihash declares " + digestLength + " digest bytes but " + remaining
                    + " are present: " + shown);
        }
        if (digestLength == 0 && mhCode != 0) {
            throw new InvalidCidException("empty digest for a non-identity multihash: " + shown);
        }
        return new Cid(1, codec, mhCode, b, pos[0]);
    }

    /** 0 or 1. */
    public int version() {
        return version;
    }

    /** The content codec (multicodec), e.g. {@link #DAG_PB}, {@link #RAW}, {@link #DAG_CBOR}. */
    public long codec() {
        return codec;
    }

    /** The multihash function code, e.g. {@link #SHA2_256}. */
    public long multihashCode() {
        return multihashCode;
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
    }

    /** A copy of the binary CID (for CIDv0 the bare multihash). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The CIDv1 of the same content (itself when already v1). */
    public Cid toV1() {
        if (version == 1) {
            return this;
        }
        byte[] v1 = new byte[2 + bytes.length];
        v1[0] = 0x01;
        v1[1] = (byte) DAG_PB;
        System.arraycopy(bytes, 0, v1, 2, bytes.length);
        return new Cid(1, DAG_PB, SHA2_256, v1, 2 + 2);
    }

    /**
     * The CIDv0 of the same content, when it has one (dag-pb, sha2-256, 32-byte digest): where a request recorded
     * before the ledger keyed content by its CIDv1 still lives.
     */
    public Optional<Cid> toV0() {
        if (version == 0) {
            return Optional.of(this);
        }
        if (codec != DAG_PB || multihashCode != SHA2_256 || bytes.length - digestOffset != 32) {
            return Optional.empty();
        }
        return Optional.of(new Cid(0, DAG_PB, SHA2_256, Arrays.copyOfRange(bytes, 2, bytes.length), 2));
    }

    /** The lowercase-base32 CIDv1 string: one key per content, whatever form it was written in. */
    public String toCanonicalString() {
        return toV1().text;
    }

    /** The CIDv1 in base36 ({@code k…}), the form subdomain gateways need for long CIDs. */
    public String toBase36() {
        return "k" + Multibase.encodeBase36(toV1().bytes);
    }

    /** The form the IPFS Cluster prints: {@code Qm…} for v0, lowercase base32 {@code b…} for v1. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Cid other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** A printable, truncated copy of untrusted input for error messages. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > n) {
            sb.append("…(").append(s.length()).append(" chars)");
        }
        return sb.append('"').toString();
    }

    /** Unsigned LEB128 varints as multiformats uses them: at most 9 bytes, minimally encoded. */
    private static final class Varint {
        private Varint() {
        }

        static long read(byte[] b, int[] pos, String what, String shown) {
            long value = 0;
            int shift = 0;
            for (int i = 0; i < 9; i++) {
                if (pos[0] >= b.length) {
                    throw new InvalidCidException("CID ends inside its " + what + " varint: " + shown);
                }
                int x = b[pos[0]++] & 0xff;
                value |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    if (x == 0 && i > 0) {
                        throw new InvalidCidException("CID " + what + " varint is not minimally encoded: " + shown);
                    }
                    return value;
                }
                shift += 7;
            }
            throw new InvalidCidException("CID " + what + " varint is longer than 9 bytes: " + shown);
        }
    }
}
