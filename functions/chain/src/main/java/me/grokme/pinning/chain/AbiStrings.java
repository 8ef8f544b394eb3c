package me.grokme.pinning.chain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The bounds web3j does not check on a dynamic ABI {@code string}: it reads the offset and length words as
 * {@code int}s, so a length of 2^31 (or 2^32…) wraps to an empty string instead of failing, and a URI "decodes"
 * as "" (reported further on as "URI is empty"). Both words are checked here against the data actually present.
 */
final class AbiStrings {

    private static final BigInteger WORD = BigInteger.valueOf(32);

    private AbiStrings() {
    }

    /**
     * What is wrong with the string whose head (offset word) is word {@code head} of the 0x-hex ABI data, or
     * empty when its offset and length fit the data. Malformed hex is left to the decoder.
     */
    static Optional<String> problem(String hexData, int head) {
        String hex = hexData.startsWith("0x") || hexData.startsWith("0X") ? hexData.substring(2) : hexData;
        if (hex.length() % 2 != 0) {
            return Optional.empty();
        }
        BigInteger size = BigInteger.valueOf(hex.length() / 2);
        BigInteger headAt = BigInteger.valueOf(head).multiply(WORD);
        if (headAt.add(WORD).compareTo(size) > 0) {
            return Optional.of("ABI data of " + size + " bytes ends before the string's offset word");
        }
        Optional<BigInteger> offset = word(hex, headAt);
        if (offset.isEmpty()) {
            return Optional.empty();
        }
        if (offset.get().add(WORD).compareTo(size) > 0) {
            return Optional.of("ABI string offset out of range: " + shown(offset.get()) + ", the data holds " + size + " bytes");
        }
        Optional<BigInteger> length = word(hex, offset.get());
        if (length.isEmpty()) {
            return Optional.empty();
        }
        BigInteger available = size.subtract(offset.get()).subtract(WORD);
        if (length.get().compareTo(available) > 0) {
            return Optional.of("ABI string length out of range: it declares " + shown(length.get()) + " bytes, " + available
                    + " follow");
        }
        return Optional.empty();
    }

    private static Optional<BigInteger> word(String hex, BigInteger byteOffset) {
        int at = byteOffset.intValueExact() * 2; // within the data, so an int
        String digits = hex.substring(at, at + 64);
        // Hex digits only: BigInteger would also take a sign.
        return digits.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128) ? Optional.of(new BigInteger(digits, 16)) : Optional.empty();
    }

    private static String shown(BigInteger v) {
        return v.bitLength() <= 64 ? v.toString() : "2^" + (v.bitLength() - 1) + " or more";
    }
}
