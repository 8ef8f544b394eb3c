package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A string's offset and length words are checked against the data: web3j reads them as ints, so a length of 2^31
 * decoded as "" and the mint was reported as "URI is empty".
 */
class AbiStringBoundsTest {

    private static final String CONTRACT = "0x" + "5a".repeat(20);
    private static final String URI_HEX = "697066733a2f2f78" + "00".repeat(24); // "ipfs://x", padded to a word

    private static String word(BigInteger v) {
        return String.format("%064x", v);
    }

    private static String word(long v) {
        return word(BigInteger.valueOf(v));
    }

    private static ChainLog log(MintEventAbi abi, String data) {
        return new ChainLog(1, CONTRACT, List.of(abi.topic0(), "0x" + word(7)), data, 7, "", "0x" + "11".repeat(32), 0, false, Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 31, 1L << 32, (1L << 31) + 8, 0xffffffffL, 33})
    void aStringLengthBeyondTheDataIsOutOfRangeNotAnEmptyUri(long length) {
        MintEventAbi abi = MintEventAbi.parse("Grokked(uint256 indexed tokenId, string ipfsURI)", "tokenId", "ipfsURI");
        MintDecoder decoder = new MintDecoder(abi, Set.of(1L), Set.of(CONTRACT));
        DecodeOutcome.Undecodable bad = assertInstanceOf(DecodeOutcome.Undecodable.class,
                decoder.decode(log(abi, "0x" + word(32) + word(length) + URI_HEX)));
        assertEquals("ABI string length out of range: it declares " + length + " bytes, 32 follow", bad.reason());
        DecodeOutcome.Mint fine = assertInstanceOf(DecodeOutcome.Mint.class, decoder.decode(log(abi, "0x" + word(32) + word(8) + URI_HEX)));
        assertEquals("ipfs://x", fine.uri());
    }

    @Test
    void offsetsAndWordsBeyondTheDataAndHugeValuesAreNamed() {
        MintEventAbi abi = MintEventAbi.parse("Grokked(uint256 indexed tokenId, string ipfsURI)", "tokenId", "ipfsURI");
        MintDecoder decoder = new MintDecoder(abi, Set.of(1L), Set.of(CONTRACT));
        String reason = assertInstanceOf(DecodeOutcome.Undecodable.class,
                decoder.decode(log(abi, "0x" + word(BigInteger.TWO.pow(255)) + word(8) + URI_HEX))).reason();
        assertEquals("ABI string offset out of range: 2^255 or more, the data holds 96 bytes", reason);
        reason = assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(log(abi, "0x" + word(32)))).reason();
        assertTrue(reason.startsWith("ABI string offset out of range"), reason);
        reason = assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(log(abi, "0x"))).reason();
        assertEquals("ABI data of 0 bytes ends before the string's offset word", reason);
    }

    @Test
    void theUrisHeadWordFollowsTheParametersBeforeIt() {
        MintEventAbi abi = MintEventAbi.parse("Minted(uint64 indexed id, address to, uint256[2] pair, bytes extra, string uri)", "id", "uri");
        assertEquals(4, abi.uriHeadWord());
        MintDecoder decoder = new MintDecoder(abi, Set.of(1L), Set.of(CONTRACT));
        // heads: to, pair[0], pair[1], extra → offset 5 words (160), uri → offset 7 words (224); then extra (empty), uri
        String heads = word(0xab) + word(1) + word(2) + word(160) + word(192);
        String ok = "0x" + heads + word(0) + word(8) + URI_HEX;
        assertEquals("ipfs://x", assertInstanceOf(DecodeOutcome.Mint.class, decoder.decode(log(abi, ok))).uri());
        String hostile = "0x" + heads + word(0) + word(1L << 31) + URI_HEX;
        assertTrue(assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(log(abi, hostile))).reason()
                .startsWith("ABI string length out of range"));
    }

    @Test
    void undecodableDataIsExplainedWithoutJavaClassNames() {
        MintEventAbi abi = MintEventAbi.parse("Minted(uint64 indexed id, address to, uint256[2] pair, bytes extra, string uri)", "id", "uri");
        MintDecoder decoder = new MintDecoder(abi, Set.of(1L), Set.of(CONTRACT));
        // The URI is well-formed; the bytes before it claim 2^31 - 1 bytes, which web3j fails on with an exception.
        String data = "0x" + word(0xab) + word(1) + word(2) + word(160) + word(192) + word(0x7fffffffL) + word(8) + URI_HEX;
        DecodeOutcome.Undecodable bad = assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(log(abi, data)));
        assertEquals("ABI data does not decode as the event's non-indexed parameters", bad.reason());
    }
}
