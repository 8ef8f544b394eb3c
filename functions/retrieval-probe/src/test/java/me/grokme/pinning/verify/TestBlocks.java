package me.grokme.pinning.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import me.grokme.pinning.cid.Cid;

/** Blocks, dag-pb nodes and CARs built by hand from the specs, independent of the code under test. */
final class TestBlocks {

    record Block(Cid cid, byte[] data) {
        Block flipped(int index) {
            byte[] copy = data.clone();
            copy[index] ^= 0x01;
            return new Block(cid, copy);
        }
    }

    private TestBlocks() {
    }

    static Block raw(String text) {
        return block(Cid.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    static Block block(long codec, byte[] data) {
        return new Block(cidV1(codec, 0x12, sha256(data)), data);
    }

    static Cid cidV1(long codec, long mh, byte[] digest) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varint(b, 1);
        varint(b, codec);
        varint(b, mh);
        varint(b, digest.length);
        b.writeBytes(digest);
        return Cid.fromBytes(b.toByteArray());
    }

    /** A dag-pb node: links (field 2: Hash 1, Name 2, Tsize 3) then Data (field 1), as go-codec-dagpb orders them. */
    static Block dagPb(byte[] unixfsData, List<Block> children) {
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        int i = 0;
        for (Block c : children) {
            ByteArrayOutputStream link = new ByteArrayOutputStream();
            field(link, 1, c.cid().toBytes());
            field(link, 2, ("child" + i++).getBytes(StandardCharsets.UTF_8));
            varint(link, (3 << 3));
            varint(link, c.data().length);
            field(node, 2, link.toByteArray());
        }
        field(node, 1, unixfsData);
        return block(Cid.DAG_PB, node.toByteArray());
    }

    /** A dag-cbor map {"a": link, "n": 1}. */
    static Block dagCbor(Block linked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xa2);
        b.write(0x61);
        b.write('a');
        b.write(0xd8);
        b.write(42);
        byte[] cid = linked.cid().toBytes();
        b.write(0x58);
        b.write(cid.length + 1);
        b.write(0);
        b.writeBytes(cid);
        b.write(0x61);
        b.write('n');
        b.write(0x01);
        return block(Cid.DAG_CBOR, b.toByteArray());
    }

    /** A CARv1: header {"roots": [root], "version": 1} in dag-cbor (keys sorted by length then bytes), then sections. */
    static byte[] car(Cid root, List<Block> blocks) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0xa2);
        header.write(0x65);
        header.writeBytes("roots".getBytes(StandardCharsets.US_ASCII));
        header.write(0x81);
        header.write(0xd8);
        header.write(42);
        byte[] cid = root.toBytes();
        header.write(0x58);
        header.write(cid.length + 1);
        header.write(0);
        header.writeBytes(cid);
        header.write(0x67);
        header.writeBytes("version".getBytes(StandardCharsets.US_ASCII));
        header.write(0x01);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, header.size());
        out.writeBytes(header.toByteArray());
        for (Block b : blocks) {
            byte[] c = b.cid().toBytes();
            varint(out, c.length + b.data().length);
            out.writeBytes(c);
            out.writeBytes(b.data());
        }
        return out.toByteArray();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        varint(out, (number << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
