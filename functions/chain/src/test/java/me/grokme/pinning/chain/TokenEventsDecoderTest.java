package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/** ERC-4906 metadata updates and ERC-2309 consecutive mints decode the same in event and ERC-721 mode. */
class TokenEventsDecoderTest {

    private static final String CONTRACT = "0x" + "5a".repeat(20);
    private static final String HOLDER = "0x" + "0".repeat(24) + "ab".repeat(20);

    static List<MintDecoder> decoders() {
        return List.of(new MintDecoder(MintEventAbi.parse("Grokked(uint256 indexed tokenId, string ipfsURI)", "tokenId", "ipfsURI"),
                Set.of(1L), Set.of(CONTRACT)), new MintDecoder(new MintSource.Erc721Transfer(), Set.of(1L), Set.of(CONTRACT)));
    }

    static ChainLog log(String contract, List<String> topics, String data) {
        return new ChainLog(1, contract, topics, data, 7, "", "0x" + "11".repeat(32), 3, false, Optional.empty());
    }

    static String word(BigInteger v) {
        return String.format("%064x", v);
    }

    static String word(long v) {
        return word(BigInteger.valueOf(v));
    }

    @Test
    void theTopicsAreTheKeccakOfTheStandardSignatures() {
        assertEquals(Hash.sha3String("MetadataUpdate(uint256)"), TokenEvents.METADATA_UPDATE_TOPIC);
        assertEquals("0xf8e1a15aba9398e019f0b49df1a4fde98ee17ae345cb5f6b5e2c27f5033e8ce7", TokenEvents.METADATA_UPDATE_TOPIC);
        assertEquals(Hash.sha3String("BatchMetadataUpdate(uint256,uint256)"), TokenEvents.BATCH_METADATA_UPDATE_TOPIC);
        assertEquals("0x6bd5c950a8d8df17f772f5af37cb3655737899cbf903264b9795592da439661c", TokenEvents.BATCH_METADATA_UPDATE_TOPIC);
        assertEquals(Hash.sha3String("ConsecutiveTransfer(uint256,uint256,address,address)"), TokenEvents.CONSECUTIVE_TRANSFER_TOPIC);
        assertEquals("0xdeaa91b6123d068f5821d0fb0678463d1a8a6079fe8af5de3ce5e896dcf9133d", TokenEvents.CONSECUTIVE_TRANSFER_TOPIC);
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void aMetadataUpdateIsARangeOfOneToken(MintDecoder decoder) {
        DecodeOutcome.MetadataUpdate u = assertInstanceOf(DecodeOutcome.MetadataUpdate.class,
                decoder.decode(log(CONTRACT, List.of(TokenEvents.METADATA_UPDATE_TOPIC), "0x" + word(42))));
        assertEquals(new TokenRange(BigInteger.valueOf(42), BigInteger.valueOf(42)), u.tokens());
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void aBatchMetadataUpdateNamesItsRangeInclusive(MintDecoder decoder) {
        DecodeOutcome.MetadataUpdate u = assertInstanceOf(DecodeOutcome.MetadataUpdate.class,
                decoder.decode(log(CONTRACT, List.of(TokenEvents.BATCH_METADATA_UPDATE_TOPIC), "0x" + word(1) + word(10_000))));
        assertEquals(BigInteger.valueOf(10_000), u.tokens().size());
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        DecodeOutcome.MetadataUpdate all = assertInstanceOf(DecodeOutcome.MetadataUpdate.class,
                decoder.decode(log(CONTRACT, List.of(TokenEvents.BATCH_METADATA_UPDATE_TOPIC), "0x" + word(0) + word(max))));
        assertEquals(max, all.tokens().last(), "decoded as it is; the intake refuses what it cannot follow");
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void aConsecutiveTransferFromZeroIsTheMintOfItsRange(MintDecoder decoder) {
        DecodeOutcome.ConsecutiveMint m = assertInstanceOf(DecodeOutcome.ConsecutiveMint.class, decoder.decode(log(CONTRACT,
                List.of(TokenEvents.CONSECUTIVE_TRANSFER_TOPIC, "0x" + word(1), MintDecoder.ZERO_ADDRESS_TOPIC, HOLDER), "0x" + word(5_000))));
        assertEquals(new TokenRange(BigInteger.ONE, BigInteger.valueOf(5_000)), m.tokens());
        DecodeOutcome.Ignored moved = assertInstanceOf(DecodeOutcome.Ignored.class, decoder.decode(log(CONTRACT,
                List.of(TokenEvents.CONSECUTIVE_TRANSFER_TOPIC, "0x" + word(1), HOLDER, HOLDER), "0x" + word(5_000))));
        assertEquals("ignored_transfer", moved.counter());
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void onlyAWatchedContractsEventsCount(MintDecoder decoder) {
        String other = "0x" + "99".repeat(20);
        for (ChainLog l : List.of(log(other, List.of(TokenEvents.METADATA_UPDATE_TOPIC), "0x" + word(42)),
                log(other, List.of(TokenEvents.BATCH_METADATA_UPDATE_TOPIC), "0x" + word(1) + word(2)),
                log(other, List.of(TokenEvents.CONSECUTIVE_TRANSFER_TOPIC, "0x" + word(1), MintDecoder.ZERO_ADDRESS_TOPIC, HOLDER),
                        "0x" + word(2)))) {
            assertEquals("ignored_other_contract", assertInstanceOf(DecodeOutcome.Ignored.class, decoder.decode(l)).counter());
        }
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void malformedRangeEventsAreUndecodableNotGuessed(MintDecoder decoder) {
        List<ChainLog> bad = List.of(
                log(CONTRACT, List.of(TokenEvents.METADATA_UPDATE_TOPIC), "0x"),
                log(CONTRACT, List.of(TokenEvents.METADATA_UPDATE_TOPIC, "0x" + word(42)), "0x"),
                log(CONTRACT, List.of(TokenEvents.BATCH_METADATA_UPDATE_TOPIC), "0x" + word(9) + word(3)),
                log(CONTRACT, List.of(TokenEvents.BATCH_METADATA_UPDATE_TOPIC), "0x" + word(9)),
                log(CONTRACT, List.of(TokenEvents.CONSECUTIVE_TRANSFER_TOPIC, "0x" + word(1), MintDecoder.ZERO_ADDRESS_TOPIC), "0x" + word(2)),
                log(CONTRACT, List.of(TokenEvents.CONSECUTIVE_TRANSFER_TOPIC, "0x" + word(5), MintDecoder.ZERO_ADDRESS_TOPIC, HOLDER),
                        "0x" + word(2)),
                log(CONTRACT, List.of(TokenEvents.CONSECUTIVE_TRANSFER_TOPIC, "0x" + word(1), MintDecoder.ZERO_ADDRESS_TOPIC,
                        MintDecoder.ZERO_ADDRESS_TOPIC), "0x" + word(2)));
        for (ChainLog l : bad) {
            assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(l), l.toString());
        }
    }

    @Test
    void theTokenEventFilterHoldsTheThreeTopics() {
        assertEquals(Set.of(TokenEvents.METADATA_UPDATE_TOPIC, TokenEvents.BATCH_METADATA_UPDATE_TOPIC, TokenEvents.CONSECUTIVE_TRANSFER_TOPIC),
                decoders().get(1).tokenEventTopics());
    }
}
