package me.grokme.pinning.cid;

import java.util.Arrays;

/**
 * Multibase helpers. Decoding (package-private, used by {@link Cid#parse}) covers the encodings a CID
 * string may use here; the public encoders exist for tools that must print identifiers the way IPFS does.
 *
 * <p>The multibase encodings a CID string may use here: base32 (lower {@code b}, upper {@code B}), base58btc
 * ({@code z}, and bare for CIDv0), base36 (lower {@code k}, upper {@code K}) and base16 ({@code f}, {@code F}).
 * Decoding is strict: a character outside the alphabet, mixed case, or non-zero padding bits is an error.
 */
public final class Multibase {

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final char[] BASE32_LOWER = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final byte[] BASE58_INDEX = index(BASE58, false);
    private static final byte[] BASE36_LOWER_INDEX = index(BASE36, false);
    private static final byte[] BASE36_UPPER_INDEX = index(BASE36.toUpperCase(), false);
    private static final byte[] BASE32_LOWER_INDEX = index(new String(BASE32_LOWER), false);
    private static final byte[] BASE32_UPPER_INDEX = index(new String(BASE32_LOWER).toUpperCase(), false);

    private Multibase() {
    }

    private static byte[] index(String alphabet, boolean unused) {
        byte[] idx = new byte[128];
        Arrays.fill(idx, (byte) -1);
        for (int i = 0; i < alphabet.length(); i++) {
            idx[alphabet.charAt(i)] = (byte) i;
        }
        return idx;
    }

    /** Decodes {@code text} from position 1 according to its multibase prefix at position 0. */
    static byte[] decodePrefixed(String text) {
        char prefix = text.charAt(0);
        return switch (prefix) {
            case 'b' -> decodeBase32(text, 1, BASE32_LOWER_INDEX);
            case 'B' -> decodeBase32(text, 1, BASE32_UPPER_INDEX);
            case 'z' -> decodeBaseX(text, 1, BASE58_INDEX, 58, '1', "base58btc");
            case 'k' -> decodeBaseX(text, 1, BASE36_LOWER_INDEX, 36, '0', "base36");
            case 'K' -> decodeBaseX(text, 1, BASE36_UPPER_INDEX, 36, '0', "base36upper");
            case 'f' -> decodeBase16(text, 1, false);
            case 'F' -> decodeBase16(text, 1, true);
            default -> throw new InvalidCidException("unsupported multibase prefix '" + printable(prefix)
                    + "' (accepted: b, B, z, k, K, f, F, or a bare CIDv0 Qm…): " + Cid.quote(text));
        };
    }

    static byte[] decodeBase58(String text, int from) {
        return decodeBaseX(text, from, BASE58_INDEX, 58, '1', "base58btc");
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /** Base-N big-number decoding (base58btc, base36): leading zero digits stand for leading zero bytes. */
    private static byte[] decodeBaseX(String text, int from, byte[] index, int base, char zeroChar, String name) {
        int len = text.length() - from;
        if (len <= 0) {
            throw new InvalidCidException("empty " + name + " data: " + Cid.quote(text));
        }
        int zeros = 0;
        while (zeros < len && text.charAt(from + zeros) == zeroChar) {
            zeros++;
        }
        // log(base)/log(256), rounded up: enough bytes for the big number.
        int size = (int) ((len - zeros) * (Math.log(base) / Math.log(256))) + 1;
        byte[] b256 = new byte[size];
        int length = 0;
        for (int i = from + zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? index[c] : -1;
            if (digit < 0) {
                throw new InvalidCidException("character '" + printable(c) + "' at position " + i
                        + " is not in the " + name + " alphabet: " + Cid.quote(text));
            }
            int carry = digit;
            int j = 0;
            for (int k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++) {
                carry += base * (b256[k] & 0xff);
                b256[k] = (byte) (carry & 0xff);
                carry >>>= 8;
            }
            length = j;
        }
        int skip = size - length;
        while (skip < size && b256[skip] == 0) {
            skip++;
        }
        byte[] out = new byte[zeros + (size - skip)];
        System.arraycopy(b256, skip, out, zeros, size - skip);
        return out;
    }

    private static byte[] decodeBase32(String text, int from, byte[] index) {
        int len = text.length() - from;
        if (len <= 0) {
            throw new InvalidCidException("empty base32 data: " + Cid.quote(text));
        }
        int outLen = len * 5 / 8;
        byte[] out = new byte[outLen];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 128 ? index[c] : -1;
            if (v < 0) {
                throw new InvalidCidException("character '" + printable(c) + "' at position " + i
                        + " is not in the base32 alphabet of prefix '" + text.charAt(0) + "': " + Cid.quote(text));
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        // Leftover bits must be padding: fewer than 5 and all zero, or the string was cut or altered.
        if (bits >= 5 || buffer != 0) {
            throw new InvalidCidException("base32 data has a dangling or non-zero final character (truncated?): " + Cid.quote(text));
        }
        return out;
    }

    private static byte[] decodeBase16(String text, int from, boolean upper) {
        int len = text.length() - from;
        if (len <= 0 || len % 2 != 0) {
            throw new InvalidCidException("base16 data must have an even, non-zero number of digits: " + Cid.quote(text));
        }
        byte[] out = new byte[len / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((hexDigit(text, from + 2 * i, upper) << 4) | hexDigit(text, from + 2 * i + 1, upper));
        }
        return out;
    }

    private static int hexDigit(String text, int i, boolean upper) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char a = upper ? 'A' : 'a';
        if (c >= a && c <= a + 5) {
            return c - a + 10;
        }
        throw new InvalidCidException("character '" + printable(c) + "' at position " + i + " is not a "
                + (upper ? "upper" : "lower") + "-case base16 digit: " + Cid.quote(text));
    }

    static String encodeBase32Lower(byte[] data) {
        StringBuilder sb = new StringBuilder(1 + (data.length * 8 + 4) / 5);
        sb.append('b');
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                sb.append(BASE32_LOWER[(buffer >>> bits) & 31]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            sb.append(BASE32_LOWER[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /** Plain base58btc (no multibase prefix), as used by CIDv0 and libp2p peer ids. */
    public static String encodeBase58(byte[] data) {
        return encodeBaseX(data, BASE58, 58);
    }

    static String encodeBase36(byte[] data) {
        return encodeBaseX(data, BASE36, 36);
    }

    private static String encodeBaseX(byte[] data, String alphabet, int base) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        int size = (int) ((data.length - zeros) * (Math.log(256) / Math.log(base))) + 1;
        byte[] digits = new byte[size];
        int length = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xff;
            int j = 0;
            for (int k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++) {
                carry += 256 * (digits[k] & 0xff);
                digits[k] = (byte) (carry % base);
                carry /= base;
            }
            length = j;
        }
        int skip = size - length;
        while (skip < size && digits[skip] == 0) {
            skip++;
        }
        StringBuilder sb = new StringBuilder(zeros + size - skip);
        for (int i = 0; i < zeros; i++) {
            sb.append(alphabet.charAt(0));
        }
        for (int i = skip; i < size; i++) {
            sb.append(alphabet.charAt(digits[i]));
        }
        return sb.toString();
    }
}
