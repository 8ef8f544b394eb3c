package me.grokme.pinning.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;

/**
 * The subset of CBOR that dag-cbor writes (RFC 8949 definite lengths: unsigned and negative integers, byte and text
 * strings, arrays, maps, tag 42 links, simple values), enough for a CAR header and for finding a dag-cbor node's
 * links. Integers come back as Long, strings as byte[]/String, tag 42 as {@link Link}; floats as Double.
 */
final class MiniCbor {

    /** A tag-42 IPLD link. */
    record Link(Cid cid) {
    }

    private static final int MAX_DEPTH = 64;
    private final byte[] b;
    private int pos;

    MiniCbor(byte[] b) {
        this.b = b;
    }

    /** Decodes exactly one item that spans all the bytes. */
    Object readAll() throws MalformedException {
        Object o = read(0);
        if (pos != b.length) {
            throw new MalformedException("bytes after the CBOR item");
        }
        return o;
    }

    static Cid link(Object o) throws MalformedException {
        if (o instanceof Link l) {
            return l.cid();
        }
        throw new MalformedException("not a CID link: " + o);
    }

    private Object read(int depth) throws MalformedException {
        if (depth > MAX_DEPTH) {
            throw new MalformedException("CBOR nested deeper than " + MAX_DEPTH);
        }
        int initial = u8();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (major == 7) {
            return simple(info);
        }
        long arg = argument(info);
        switch (major) {
            case 0:
                return arg;
            case 1:
                return -1 - arg;
            case 2:
                return bytes(arg);
            case 3:
                return new String(bytes(arg), StandardCharsets.UTF_8);
            case 4: {
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < arg; i++) {
                    list.add(read(depth + 1));
                }
                return list;
            }
            case 5: {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < arg; i++) {
                    map.put(read(depth + 1), read(depth + 1));
                }
                return map;
            }
            default: // 6: tag
                Object v = read(depth + 1);
                if (arg != 42) {
                    throw new MalformedException("CBOR tag " + arg + " (dag-cbor allows only 42)");
                }
                if (!(v instanceof byte[] raw) || raw.length < 2 || raw[0] != 0) {
                    throw new MalformedException("tag 42 without a 0x00-prefixed binary CID");
                }
                try {
                    return new Link(Cid.fromBytes(Arrays.copyOfRange(raw, 1, raw.length)));
                } catch (InvalidCidException e) {
                    throw new MalformedException("tag 42 with an invalid CID: " + e.getMessage());
                }
        }
    }

    private Object simple(int info) throws MalformedException {
        switch (info) {
            case 20:
                return Boolean.FALSE;
            case 21:
                return Boolean.TRUE;
            case 22:
                return Null.NULL;
            case 27:
                return Double.longBitsToDouble(n(8));
            default:
                throw new MalformedException("CBOR simple value " + info + " (not in dag-cbor)");
        }
    }

    private enum Null { NULL }

    private long argument(int info) throws MalformedException {
        if (info < 24) {
            return info;
        }
        long v = switch (info) {
            case 24 -> n(1);
            case 25 -> n(2);
            case 26 -> n(4);
            case 27 -> n(8);
            default -> throw new MalformedException("indefinite or reserved CBOR length " + info);
        };
        if (v < 0) {
            throw new MalformedException("CBOR length beyond 2^63");
        }
        return v;
    }

    private long n(int count) throws MalformedException {
        long v = 0;
        for (int i = 0; i < count; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    private byte[] bytes(long length) throws MalformedException {
        if (length > b.length - pos) {
            throw new MalformedException("CBOR string longer than its input");
        }
        byte[] out = Arrays.copyOfRange(b, pos, pos + (int) length);
        pos += (int) length;
        return out;
    }

    private int u8() throws MalformedException {
        if (pos >= b.length) {
            throw new MalformedException("CBOR ends early");
        }
        return b[pos++] & 0xff;
    }

    /** Every tag-42 link anywhere inside a decoded dag-cbor value. */
    static void links(Object o, List<Cid> out) {
        if (o instanceof Link l) {
            out.add(l.cid());
        } else if (o instanceof List<?> list) {
            list.forEach(x -> links(x, out));
        } else if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                links(k, out);
                links(v, out);
            });
        }
    }
}
