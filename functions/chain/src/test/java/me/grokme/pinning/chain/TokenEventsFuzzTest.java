package me.grokme.pinning.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Range events are chain input anyone can emit: any topics and data under the ERC-4906 and ERC-2309 topic0s decode
 * to a range, an Undecodable or an Ignored — never an exception — and a decoded range is always first <= last.
 */
class TokenEventsFuzzTest {

    private static final String CONTRACT = "0x" + "5a".repeat(20);
    private static final List<MintDecoder> DECODERS = TokenEventsDecoderTest.decoders();

    @Provide
    Arbitrary<ChainLog> rangeLogs() {
        Arbitrary<String> topic0 = Arbitraries.of(List.copyOf(TokenEvents.TOPICS));
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(256).subtract(BigInteger.ONE))
                        .map(TokenEventsDecoderTest::word),
                Arbitraries.of("0".repeat(64), "0".repeat(24) + "ab".repeat(20), "f".repeat(64)));
        Arbitrary<List<String>> rest = word.map(w -> "0x" + w).list().ofMaxSize(3);
        Arbitrary<String> data = Arbitraries.oneOf(word.list().ofMaxSize(4).map(ws -> "0x" + String.join("", ws)),
                Arbitraries.strings().withChars("0123456789abcdef").ofMaxLength(300).map(s -> "0x" + (s.length() % 2 == 0 ? s : s + "0")));
        return Combinators.combine(topic0, rest, data).as((t0, more, d) -> {
            List<String> topics = new ArrayList<>();
            topics.add(t0);
            topics.addAll(more);
            return new ChainLog(1, CONTRACT, topics, d, 7, "", "0x" + "11".repeat(32), 0, false, Optional.empty());
        });
    }

    @Property(tries = 2000)
    void anyRangeEventDecodesToAnOutcome(@ForAll("rangeLogs") ChainLog log) {
        for (MintDecoder decoder : DECODERS) {
            DecodeOutcome o = decoder.decode(log);
            switch (o) {
                case DecodeOutcome.MetadataUpdate u -> check(u.tokens());
                case DecodeOutcome.ConsecutiveMint m -> check(m.tokens());
                case DecodeOutcome.Undecodable u -> { }
                case DecodeOutcome.Ignored i -> { }
                default -> throw new AssertionError("a range event decoded as " + o);
            }
        }
    }

    private static void check(TokenRange r) {
        if (r.first().compareTo(r.last()) > 0 || r.first().signum() < 0 || r.last().bitLength() > 256) {
            throw new AssertionError("bad range " + r);
        }
    }

    @Property(tries = 300)
    void theDecoderIgnoresRangeEventsOfOtherContracts(@ForAll("rangeLogs") ChainLog log) {
        ChainLog other = new ChainLog(1, "0x" + "99".repeat(20), log.topics(), log.data(), 7, "", log.txHash(), 0, false, Optional.empty());
        for (MintDecoder decoder : DECODERS) {
            if (!(decoder.decode(other) instanceof DecodeOutcome.Ignored)) {
                throw new AssertionError("another contract's range event was not ignored");
            }
        }
    }

}
