package me.grokme.pinning.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.verify.TestBlocks.Block;
import org.junit.jupiter.api.Test;

class DagVerifierTest {

    private static final long CAP = 1 << 20;
    private final Block leaf1 = TestBlocks.raw("first chunk of the file");
    private final Block leaf2 = TestBlocks.raw("second chunk of the file");
    private final Block inner = TestBlocks.dagPb(new byte[] {0x08, 0x02}, List.of(leaf2));
    private final Block root = TestBlocks.dagPb(new byte[] {0x08, 0x02, 0x18, 0x30}, List.of(leaf1, inner));

    private static Verification verify(Cid root, byte[] car) throws IOException {
        return DagVerifier.verifyCar(root, new ByteArrayInputStream(car), CAP);
    }

    @Test
    void a_complete_dag_of_dag_pb_and_raw_leaves_verifies_every_block() throws IOException {
        Verification v = verify(root.cid(), TestBlocks.car(root.cid(), List.of(root, leaf1, inner, leaf2)));
        Verification.Verified ok = assertInstanceOf(Verification.Verified.class, v);
        assertEquals(4, ok.blocks());
        assertEquals(root.data().length + leaf1.data().length + inner.data().length + leaf2.data().length, ok.bytes());
        assertTrue(ok.dag());
    }

    @Test
    void one_flipped_byte_in_any_block_fails_the_hash_check() throws IOException {
        for (int i = 0; i < 4; i++) {
            List<Block> blocks = new java.util.ArrayList<>(List.of(root, leaf1, inner, leaf2));
            blocks.set(i, blocks.get(i).flipped(blocks.get(i).data().length - 1));
            Verification.Failed f = assertInstanceOf(Verification.Failed.class, verify(root.cid(), TestBlocks.car(root.cid(), blocks)));
            assertEquals(VerifyFailure.HASH_MISMATCH, f.reason(), "block " + i);
        }
    }

    @Test
    void a_flipped_block_the_walk_never_reaches_still_fails() throws IOException {
        Block stray = TestBlocks.raw("not linked from the root").flipped(0);
        Verification.Failed f = assertInstanceOf(Verification.Failed.class,
                verify(root.cid(), TestBlocks.car(root.cid(), List.of(root, leaf1, inner, leaf2, stray))));
        assertEquals(VerifyFailure.HASH_MISMATCH, f.reason());
    }

    @Test
    void a_linked_block_missing_from_the_car_fails() throws IOException {
        Verification.Failed f = assertInstanceOf(Verification.Failed.class,
                verify(root.cid(), TestBlocks.car(root.cid(), List.of(root, leaf1, inner))));
        assertEquals(VerifyFailure.MISSING_BLOCK, f.reason());
        assertTrue(f.detail().contains(leaf2.cid().toString()), f.detail());
    }

    @Test
    void a_car_for_another_root_fails() throws IOException {
        Verification.Failed f = assertInstanceOf(Verification.Failed.class,
                verify(root.cid(), TestBlocks.car(leaf1.cid(), List.of(leaf1))));
        assertEquals(VerifyFailure.MALFORMED, f.reason());
    }

    @Test
    void a_truncated_car_fails() throws IOException {
        byte[] car = TestBlocks.car(root.cid(), List.of(root, leaf1, inner, leaf2));
        Verification.Failed f = assertInstanceOf(Verification.Failed.class, verify(root.cid(), Arrays.copyOf(car, car.length - 3)));
        assertEquals(VerifyFailure.MALFORMED, f.reason());
    }

    @Test
    void a_car_over_the_size_cap_proves_nothing_either_way() throws IOException {
        byte[] car = TestBlocks.car(root.cid(), List.of(root, leaf1, inner, leaf2));
        Verification v = DagVerifier.verifyCar(root.cid(), new ByteArrayInputStream(car), car.length - 1);
        assertInstanceOf(Verification.Inconclusive.class, v);
        assertInstanceOf(Verification.Verified.class, DagVerifier.verifyCar(root.cid(), new ByteArrayInputStream(car), car.length));
    }

    @Test
    void dag_cbor_links_are_walked() throws IOException {
        Block cbor = TestBlocks.dagCbor(leaf1);
        assertInstanceOf(Verification.Verified.class, verify(cbor.cid(), TestBlocks.car(cbor.cid(), List.of(cbor, leaf1))));
        Verification.Failed f = assertInstanceOf(Verification.Failed.class, verify(cbor.cid(), TestBlocks.car(cbor.cid(), List.of(cbor))));
        assertEquals(VerifyFailure.MISSING_BLOCK, f.reason());
    }

    @Test
    void a_codec_the_walk_does_not_read_is_inconclusive_not_verified() throws IOException {
        Block json = TestBlocks.block(0x0129, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)); // dag-json
        assertInstanceOf(Verification.Inconclusive.class, verify(json.cid(), TestBlocks.car(json.cid(), List.of(json))));
    }

    @Test
    void an_identity_link_needs_no_block() throws IOException {
        byte[] inline = "tiny".getBytes(StandardCharsets.UTF_8);
        Block identity = new Block(TestBlocks.cidV1(Cid.RAW, 0x00, inline), inline);
        Block node = TestBlocks.dagPb(new byte[] {0x08, 0x01}, List.of(identity));
        assertInstanceOf(Verification.Verified.class, verify(node.cid(), TestBlocks.car(node.cid(), List.of(node))));
    }

    @Test
    void a_dag_pb_node_with_a_foreign_field_is_malformed() throws IOException {
        Block bad = TestBlocks.block(Cid.DAG_PB, new byte[] {0x18, 0x01}); // field 3, varint: not in PBNode
        Verification.Failed f = assertInstanceOf(Verification.Failed.class, verify(bad.cid(), TestBlocks.car(bad.cid(), List.of(bad))));
        assertEquals(VerifyFailure.MALFORMED, f.reason());
    }
}
