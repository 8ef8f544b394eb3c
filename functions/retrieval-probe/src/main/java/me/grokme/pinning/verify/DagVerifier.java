package me.grokme.pinning.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.cid.Cid;

/**
 * Verifies a CAR answer for {@code root}: every block's bytes hash to its CID (any that does not fails the whole CAR),
 * the CAR names {@code root}, and the DAG from the root is complete — every block reachable through dag-pb, dag-cbor
 * or raw is present and verified. Identity CIDs carry their bytes inline and need no block. Blocks the walk does not
 * reach are verified too (a byte that does not hash is a failure wherever it is) but do not count as proof.
 */
public final class DagVerifier {

    private DagVerifier() {
    }

    public static Verification verifyCar(Cid root, InputStream car, long maxBytes) throws IOException {
        Map<Cid, byte[]> blocks = new HashMap<>();
        try {
            CarReader reader = new CarReader(car, maxBytes);
            if (!reader.roots().contains(root)) {
                return new Verification.Failed(VerifyFailure.MALFORMED, "CAR roots " + reader.roots() + " do not include " + root);
            }
            for (Optional<CarReader.Block> b = reader.next(); b.isPresent(); b = reader.next()) {
                Cid cid = b.get().cid();
                if (!Multihashes.supported(cid.multihashCode())) {
                    return new Verification.Inconclusive("block " + cid + " uses unsupported multihash 0x" + Long.toHexString(cid.multihashCode()));
                }
                if (!Multihashes.matches(cid, b.get().data())) {
                    return new Verification.Failed(VerifyFailure.HASH_MISMATCH, "block " + cid + " does not hash to its CID");
                }
                blocks.putIfAbsent(cid, b.get().data());
            }
            return walk(root, blocks, reader.bytesRead());
        } catch (MalformedException e) {
            return new Verification.Failed(VerifyFailure.MALFORMED, e.getMessage());
        } catch (CarReader.SizeCapException e) {
            return new Verification.Inconclusive(e.getMessage());
        }
    }

    private static Verification walk(Cid root, Map<Cid, byte[]> blocks, long carBytes) throws MalformedException {
        Deque<Cid> todo = new ArrayDeque<>(List.of(root));
        Set<Cid> seen = new HashSet<>();
        long bytes = 0;
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!seen.add(cid)) {
                continue;
            }
            byte[] data = cid.multihashCode() == Multihashes.IDENTITY ? cid.digest() : blocks.get(cid);
            if (data == null) {
                return new Verification.Failed(VerifyFailure.MISSING_BLOCK, "block " + cid + " is linked but not in the CAR");
            }
            bytes += data.length;
            Optional<List<Cid>> links = links(cid, data);
            if (links.isEmpty()) {
                return new Verification.Inconclusive("block " + cid + " has codec 0x" + Long.toHexString(cid.codec()) + ", which the walk does not read");
            }
            links.get().forEach(todo::push);
        }
        return new Verification.Verified(seen.size(), bytes, true);
    }

    /** The block's links; empty when its codec is not one the walk reads. */
    static Optional<List<Cid>> links(Cid cid, byte[] data) throws MalformedException {
        if (cid.codec() == Cid.RAW) {
            return Optional.of(List.of());
        }
        if (cid.codec() == Cid.DAG_PB) {
            return Optional.of(DagPb.links(data));
        }
        if (cid.codec() == Cid.DAG_CBOR) {
            List<Cid> out = new java.util.ArrayList<>();
            MiniCbor.links(new MiniCbor(data).readAll(), out);
            return Optional.of(out);
        }
        return Optional.empty();
    }
}
