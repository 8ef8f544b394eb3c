package me.grokme.pinning.verify;

import java.io.IOException;
import java.io.InputStream;

/** Unsigned LEB128 varints as multiformats and protobuf write them. */
final class Varints {

    private Varints() {
    }

    /** Reads one varint from {@code b} at {@code pos[0]}, advancing it. */
    static long read(byte[] b, int[] pos, int end) throws MalformedException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= end) {
                throw new MalformedException("truncated varint");
            }
            int x = b[pos[0]++] & 0xff;
            value |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedException("varint longer than 64 bits");
    }

    /** Reads one varint from a stream; -1 at a clean end of stream (before its first byte). */
    static long read(InputStream in) throws IOException, MalformedException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = in.read();
            if (x < 0) {
                if (shift == 0) {
                    return -1;
                }
                throw new MalformedException("stream ends inside a varint");
            }
            value |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedException("varint longer than 64 bits");
    }

    static int size(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    static void write(java.io.ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
