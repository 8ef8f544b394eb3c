package me.grokme.pinning.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;

/**
 * The links of a dag-pb node (https://ipld.io/specs/codecs/dag-pb/spec/): {@code PBNode {Links = 2 (repeated PBLink),
 * Data = 1}}, {@code PBLink {Hash = 1, Name = 2, Tsize = 3}}. Only the protobuf wire types those fields use are
 * accepted (0 varint, 2 length-delimited); every link must carry a valid CID. UnixFS (files, directories, HAMT shards)
 * is dag-pb, so its whole DAG is reachable through these links.
 */
final class DagPb {

    private DagPb() {
    }

    static List<Cid> links(byte[] node) throws MalformedException {
        List<Cid> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < node.length) {
            long key = Varints.read(node, pos, node.length);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire != 2 || (field != 1 && field != 2)) {
                throw new MalformedException("dag-pb node field " + field + " wire type " + wire);
            }
            int[] span = lengthDelimited(node, pos);
            if (field == 2) {
                out.add(linkHash(node, span[0], span[1]));
            }
        }
        return out;
    }

    private static Cid linkHash(byte[] b, int start, int end) throws MalformedException {
        int[] pos = {start};
        Cid hash = null;
        while (pos[0] < end) {
            long key = Varints.read(b, pos, end);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 3 && wire == 0) {
                Varints.read(b, pos, end);
            } else if ((field == 1 || field == 2) && wire == 2) {
                int[] span = lengthDelimited(b, pos, end);
                if (field == 1) {
                    try {
                        hash = Cid.fromBytes(Arrays.copyOfRange(b, span[0], span[1]));
                    } catch (InvalidCidException e) {
                        throw new MalformedException("dag-pb link with an invalid CID: " + e.getMessage());
                    }
                }
            } else {
                throw new MalformedException("dag-pb link field " + field + " wire type " + wire);
            }
        }
        if (hash == null) {
            throw new MalformedException("dag-pb link without a Hash");
        }
        return hash;
    }

    private static int[] lengthDelimited(byte[] b, int[] pos) throws MalformedException {
        return lengthDelimited(b, pos, b.length);
    }

    private static int[] lengthDelimited(byte[] b, int[] pos, int end) throws MalformedException {
        long length = Varints.read(b, pos, end);
        if (length > end - pos[0]) {
            throw new MalformedException("dag-pb field longer than its message");
        }
        int start = pos[0];
        pos[0] += (int) length;
        return new int[] {start, pos[0]};
    }
}
