package me.grokme.pinning.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;

/**
 * A streaming CARv1 reader (https://ipld.io/specs/transport/car/carv1/): a varint-prefixed dag-cbor header
 * {@code {roots: [CID], version: 1}}, then varint-prefixed sections {@code CID ‖ block}. Nothing is trusted:
 * sections are read one at a time, at most {@link #MAX_SECTION} bytes each and {@code maxBytes} in all, and the
 * caller hashes every block ({@link DagVerifier}).
 */
public final class CarReader {

    /** kubo's largest block is 2 MiB (bitswap's limit); a section is a CID (< 100 bytes) and one block. */
    public static final int MAX_SECTION = 2 * 1024 * 1024 + 512;
    private static final int MAX_HEADER = 64 * 1024;

    /** One section. */
    public record Block(Cid cid, byte[] data) {
    }

    /** Thrown when the stream is longer than the cap. */
    public static final class SizeCapException extends Exception {
        public SizeCapException(long cap) {
            super("CAR exceeds the size cap of " + cap + " bytes");
        }
    }

    private final InputStream in;
    private final long maxBytes;
    private final List<Cid> roots;
    private long bytesRead;

    /** Reads the header at once. */
    public CarReader(InputStream in, long maxBytes) throws IOException, MalformedException, SizeCapException {
        this.in = in;
        this.maxBytes = maxBytes;
        byte[] header = section(MAX_HEADER).orElseThrow(() -> new MalformedException("empty CAR: no header"));
        this.roots = parseHeader(header);
    }

    public List<Cid> roots() {
        return roots;
    }

    /** Bytes consumed so far, header included. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The next section, or empty at the end of the CAR. */
    public Optional<Block> next() throws IOException, MalformedException, SizeCapException {
        Optional<byte[]> s = section(MAX_SECTION);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = s.get();
        int cidLength = cidLength(b);
        try {
            return Optional.of(new Block(Cid.fromBytes(Arrays.copyOf(b, cidLength)), Arrays.copyOfRange(b, cidLength, b.length)));
        } catch (InvalidCidException e) {
            throw new MalformedException("section with an invalid CID: " + e.getMessage());
        }
    }

    private Optional<byte[]> section(int limit) throws IOException, MalformedException, SizeCapException {
        long length = Varints.read(in);
        if (length < 0) {
            return Optional.empty();
        }
        if (length == 0 || length > limit) {
            throw new MalformedException("CAR section of " + length + " bytes (limit " + limit + ")");
        }
        bytesRead += Varints.size(length) + length;
        if (bytesRead > maxBytes) {
            throw new SizeCapException(maxBytes);
        }
        byte[] b = in.readNBytes((int) length);
        if (b.length != length) {
            throw new MalformedException("CAR ends inside a section (" + b.length + " of " + length + " bytes)");
        }
        return Optional.of(b);
    }

    /** The length of the binary CID at the start of a section (a CIDv0 is a bare 34-byte sha2-256 multihash). */
    static int cidLength(byte[] b) throws MalformedException {
        if (b.length >= 34 && b[0] == 0x12 && b[1] == 0x20) {
            return 34;
        }
        int[] pos = {0};
        long version = Varints.read(b, pos, b.length);
        if (version != 1) {
            throw new MalformedException("section CID version " + version);
        }
        Varints.read(b, pos, b.length); // codec
        Varints.read(b, pos, b.length); // multihash code
        long digest = Varints.read(b, pos, b.length);
        if (digest > 128 || pos[0] + digest > b.length) {
            throw new MalformedException("section CID digest of " + digest + " bytes");
        }
        return pos[0] + (int) digest;
    }

    private static List<Cid> parseHeader(byte[] header) throws MalformedException {
        Object h = new MiniCbor(header).readAll();
        if (!(h instanceof Map<?, ?> map)) {
            throw new MalformedException("CAR header is not a map");
        }
        if (!Long.valueOf(1).equals(map.get("version"))) {
            throw new MalformedException("CAR version " + map.get("version") + " (only CARv1 is read)");
        }
        if (!(map.get("roots") instanceof List<?> list)) {
            throw new MalformedException("CAR header has no roots");
        }
        List<Cid> out = new ArrayList<>();
        for (Object o : list) {
            out.add(MiniCbor.link(o));
        }
        return List.copyOf(out);
    }
}
