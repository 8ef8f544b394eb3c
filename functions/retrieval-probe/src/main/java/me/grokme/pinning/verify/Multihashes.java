package me.grokme.pinning.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;

/**
 * The multihash functions a probe can check, all from the JDK: identity (0x00), sha2-256 (0x12), sha2-512 (0x13),
 * sha3-512 (0x14), sha3-384 (0x15), sha3-256 (0x16), sha3-224 (0x17). kubo writes sha2-256 unless told otherwise;
 * blake2b/blake3 would need a library and no GROKME content uses them, so a CID hashed with them is "unsupported",
 * never "verified".
 */
public final class Multihashes {

    public static final long IDENTITY = 0x00;

    private static final Map<Long, String> ALGORITHMS = Map.of(
            0x12L, "SHA-256", 0x13L, "SHA-512", 0x14L, "SHA3-512", 0x15L, "SHA3-384", 0x16L, "SHA3-256", 0x17L, "SHA3-224");

    private Multihashes() {
    }

    public static boolean supported(long code) {
        return code == IDENTITY || ALGORITHMS.containsKey(code);
    }

    /** The digest of {@code data} under multihash function {@code code}; empty when the function is not supported. */
    public static Optional<byte[]> digest(long code, byte[] data) {
        if (code == IDENTITY) {
            return Optional.of(data.clone());
        }
        String algorithm = ALGORITHMS.get(code);
        if (algorithm == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** True only when {@code block} hashes to the CID's digest (constant-time compare; a truncated digest never matches). */
    public static boolean matches(Cid cid, byte[] block) {
        return digest(cid.multihashCode(), block)
                .map(d -> MessageDigest.isEqual(d, cid.digest()))
                .orElse(false);
    }
}
