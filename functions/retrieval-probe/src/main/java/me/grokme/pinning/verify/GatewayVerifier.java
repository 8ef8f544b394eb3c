package me.grokme.pinning.verify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.cid.Cid;

/**
 * Proves (or fails to prove) that one gateway holds a CID, trusting nothing it says:
 * <ol>
 *   <li>{@link #verifyRoot}: {@code GET /ipfs/<cid>?format=raw} with {@code Cache-Control: only-if-cached}, so the
 *   gateway answers from its own blockstore or 412 (kubo's answer when the block is not local) and never fetches
 *   from the network on the probe's behalf; the bytes must hash to the CID's multihash.</li>
 *   <li>{@link #verifyDag}: {@code GET /ipfs/<cid>?format=car} ({@code Accept: application/vnd.ipld.car}, the
 *   trustless gateway spec), every block hashed and the DAG walked to its end ({@link DagVerifier}): proof of local
 *   presence only on a gateway that never fetches (kubo's {@code Gateway.NoFetch}), since kubo completes a CAR from
 *   other peers when only a child block is missing;</li>
 *   <li>{@link #verifyDagByBlocks}: the same walk with each block asked alone with {@code only-if-cached}.</li>
 * </ol>
 * The JDK's HTTP client keeps this library free of dependencies beyond core's CID type.
 */
public final class GatewayVerifier {

    /** A single block is at most 2 MiB (kubo's and bitswap's limit); anything longer is not a block. */
    static final int MAX_BLOCK = 2 * 1024 * 1024;

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public GatewayVerifier(URI base, HttpClient http, Duration timeout) {
        this.base = base;
        this.http = http;
        this.timeout = timeout;
    }

    public URI base() {
        return base;
    }

    public Verification verifyRoot(Cid cid) {
        if (!Multihashes.supported(cid.multihashCode())) {
            return new Verification.Inconclusive("unsupported multihash 0x" + Long.toHexString(cid.multihashCode()));
        }
        Fetched f = fetchBlock(cid);
        return f.problem() != null ? f.problem() : new Verification.Verified(1, f.data().length, false);
    }

    /**
     * The whole DAG, block by block: every block fetched as {@code ?format=raw} with {@code only-if-cached} and hashed,
     * its links followed (dag-pb, dag-cbor, raw) until none is left. Unlike a CAR, this proves every block is in the
     * gateway node's own blockstore: kubo completes a CAR from other peers over bitswap when only a child block is
     * missing (seen on kubo 0.42, RetrievalProbeAgainstRealClusterIT), but answers 412 for a missing block asked alone.
     */
    public Verification verifyDagByBlocks(Cid root, long maxBytes) {
        Deque<Cid> todo = new ArrayDeque<>(List.of(root));
        Set<Cid> seen = new HashSet<>();
        long bytes = 0;
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!seen.add(cid)) {
                continue;
            }
            byte[] data;
            if (cid.multihashCode() == Multihashes.IDENTITY) {
                data = cid.digest();
            } else if (!Multihashes.supported(cid.multihashCode())) {
                return new Verification.Inconclusive("block " + cid + " uses unsupported multihash 0x" + Long.toHexString(cid.multihashCode()));
            } else {
                Fetched f = fetchBlock(cid);
                if (f.problem() != null) {
                    return cid.equals(root) ? f.problem() : inBlock(cid, f.problem());
                }
                data = f.data();
            }
            bytes += data.length;
            if (bytes > maxBytes) {
                return new Verification.Inconclusive("DAG exceeds the size cap of " + maxBytes + " bytes");
            }
            try {
                Optional<List<Cid>> links = DagVerifier.links(cid, data);
                if (links.isEmpty()) {
                    return new Verification.Inconclusive("block " + cid + " has codec 0x" + Long.toHexString(cid.codec()) + ", which the walk does not read");
                }
                links.get().forEach(todo::push);
            } catch (MalformedException e) {
                return new Verification.Failed(VerifyFailure.MALFORMED, "block " + cid + ": " + e.getMessage());
            }
        }
        return new Verification.Verified(seen.size(), bytes, true);
    }

    private static Verification inBlock(Cid cid, Verification problem) {
        return problem instanceof Verification.Failed f ? new Verification.Failed(f.reason(), "linked block " + cid + ": " + f.detail()) : problem;
    }

    /** A block's bytes, hashed and matched, or why not. */
    private record Fetched(byte[] data, Verification problem) {
    }

    private Fetched fetchBlock(Cid cid) {
        try {
            HttpResponse<InputStream> r = send(cid, "raw", "application/vnd.ipld.raw");
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) {
                    return new Fetched(null, status(r.statusCode()));
                }
                byte[] block = body.readNBytes(MAX_BLOCK + 1);
                if (block.length > MAX_BLOCK) {
                    return new Fetched(null, new Verification.Failed(VerifyFailure.MALFORMED, "raw block longer than " + MAX_BLOCK + " bytes"));
                }
                if (!Multihashes.matches(cid, block)) {
                    return new Fetched(null, new Verification.Failed(VerifyFailure.HASH_MISMATCH,
                            "the " + block.length + " bytes served do not hash to " + cid));
                }
                return new Fetched(block, null);
            }
        } catch (IOException e) {
            return new Fetched(null, new Verification.Failed(VerifyFailure.UNREACHABLE, describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched(null, new Verification.Failed(VerifyFailure.UNREACHABLE, "interrupted"));
        }
    }

    public Verification verifyDag(Cid cid, long maxBytes) {
        try {
            HttpResponse<InputStream> r = send(cid, "car", "application/vnd.ipld.car");
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) {
                    return status(r.statusCode());
                }
                return DagVerifier.verifyCar(cid, body, maxBytes);
            }
        } catch (IOException e) {
            return new Verification.Failed(VerifyFailure.UNREACHABLE, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verification.Failed(VerifyFailure.UNREACHABLE, "interrupted");
        }
    }

    private HttpResponse<InputStream> send(Cid cid, String format, String accept) throws IOException, InterruptedException {
        // Cid.toString() is base32/base58 only: safe in a path without escaping.
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/ipfs/" + cid + "?format=" + format))
                .header("Accept", accept)
                .header("Cache-Control", "only-if-cached")
                .timeout(timeout)
                .GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static Verification status(int code) {
        if (code == 412) {
            return new Verification.Failed(VerifyFailure.NOT_LOCAL, "412: not in the node's blockstore (only-if-cached)");
        }
        return new Verification.Failed(VerifyFailure.HTTP_STATUS, "HTTP " + code);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
