package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The parsers of node text and ABI data, against references: the range refusal's linear scan gives the former
 * regular expressions' answers on short messages built from their own words, and a string's declared length
 * decides whether a mint decodes.
 */
class RangeRefusalFuzzTest {

    /** The patterns the scan replaced, as the reference for what counts as a refusal and a hint. */
    private static final Pattern FORMER_REFUSAL = Pattern.compile(
            "block range|range (is )?too (large|wide|big)|limited to .*range|exceed(s|ed)?( the)? (max(imum)? )?(block )?range"
                    + "|response size (exceeded|is larger)|more than \\d+ (results|logs)|too many (results|logs|blocks)"
                    + "|query timeout|range limit|max(imum)? range", Pattern.CASE_INSENSITIVE);
    private static final Pattern FORMER_HINT = Pattern.compile("\\[\\s*(0x[0-9a-fA-F]+)\\s*,\\s*(0x[0-9a-fA-F]+)\\s*]");

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> words = Arbitraries.of("limited to ", "range", "Range", " ", "\n", "\t", "block ", "exceed", "exceeds", "ed", " the ",
                "max ", "maximum ", "more than ", "10000", " results", " logs", "too ", "many ", "large", "wide", "big", "is ", "response size ",
                "exceeded", "is larger", "query timeout", "range limit", "[", "]", ",", "0x", "0X", "1f", "10", "ffff", "a", ".", "é", "İ");
        return words.list().ofMaxSize(24).map(parts -> String.join("", parts));
    }

    @Property
    void theScanAgreesWithTheFormerPatterns(@ForAll("messages") String message, @ForAll @LongRange(min = 0, max = 64) long from) {
        assertEquals(FORMER_REFUSAL.matcher(message).find(), RangeRefusal.refuses(message), message);
        assertEquals(formerHint(message, from, from + 64), RangeRefusal.suggestedEnd(message, from, from + 64), message);
    }

    private static OptionalLong formerHint(String message, long from, long to) {
        Matcher m = FORMER_HINT.matcher(message);
        if (m.find()) {
            try {
                long end = Long.parseLong(m.group(2).substring(2), 16);
                return end >= from && end < to ? OptionalLong.of(end) : OptionalLong.empty();
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static final String CONTRACT = "0x" + "5a".repeat(20);
    private static final MintEventAbi ABI = MintEventAbi.parse("Grokked(uint256 indexed tokenId, string ipfsURI)", "tokenId", "ipfsURI");
    private static final MintDecoder DECODER = new MintDecoder(ABI, Set.of(1L), Set.of(CONTRACT));

    @Provide
    Arbitrary<BigInteger> lengths() {
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(96)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(256).subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.TWO.pow(31), BigInteger.TWO.pow(32), BigInteger.TWO.pow(63), BigInteger.TWO.pow(255)));
    }

    @Property
    void aMintDecodesOnlyWhenItsUriLengthFitsTheData(@ForAll("lengths") BigInteger length, @ForAll @LongRange(min = 0, max = 3) long words) {
        String data = "0x" + String.format("%064x", 32) + String.format("%064x", length) + "61".repeat((int) words * 32);
        ChainLog log = new ChainLog(1, CONTRACT, List.of(ABI.topic0(), "0x" + "00".repeat(31) + "07"), data, 7, "", "0x" + "11".repeat(32), 0,
                false, Optional.empty());
        DecodeOutcome outcome = DECODER.decode(log);
        boolean fits = length.compareTo(BigInteger.valueOf(words * 32)) <= 0;
        if (fits) {
            assertEquals("a".repeat(length.intValueExact()), ((DecodeOutcome.Mint) outcome).uri());
        } else {
            assertEquals(true, ((DecodeOutcome.Undecodable) outcome).reason().startsWith("ABI string length out of range"), outcome.toString());
        }
    }
}
