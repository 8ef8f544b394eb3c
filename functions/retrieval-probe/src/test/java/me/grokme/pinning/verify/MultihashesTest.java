package me.grokme.pinning.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import me.grokme.pinning.cid.Cid;
import org.junit.jupiter.api.Test;

class MultihashesTest {

    private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void sha2_256_matches_a_known_cid_and_nothing_else() {
        // `ipfs add --cid-version=1 --raw-leaves` of "hello" (no newline), computed independently.
        Cid cid = Cid.parse("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
        assertTrue(Multihashes.matches(cid, DATA));
        assertFalse(Multihashes.matches(cid, "hellO".getBytes(StandardCharsets.UTF_8)));
        assertFalse(Multihashes.matches(cid, new byte[0]));
    }

    @Test
    void sha2_512_and_sha3_256_are_checked() throws Exception {
        Cid sha512 = TestBlocks.cidV1(Cid.RAW, 0x13, MessageDigest.getInstance("SHA-512").digest(DATA));
        Cid sha3 = TestBlocks.cidV1(Cid.RAW, 0x16, MessageDigest.getInstance("SHA3-256").digest(DATA));
        assertTrue(Multihashes.matches(sha512, DATA));
        assertTrue(Multihashes.matches(sha3, DATA));
        assertFalse(Multihashes.matches(sha3, "x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void an_unsupported_function_never_matches() {
        Cid blake2b = TestBlocks.cidV1(Cid.RAW, 0xb220, new byte[32]);
        assertFalse(Multihashes.supported(0xb220));
        assertFalse(Multihashes.matches(blake2b, DATA));
    }
}
