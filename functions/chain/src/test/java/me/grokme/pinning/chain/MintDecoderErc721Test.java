package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/** ERC-721 mode: which Transfer logs are mints. */
class MintDecoderErc721Test {

    private static final String CONTRACT = "0x" + "5a".repeat(20);
    private static final String HOLDER = "0x" + "0".repeat(24) + "ab".repeat(20);
    private final MintDecoder decoder = new MintDecoder(new MintSource.Erc721Transfer(), Set.of(1L), Set.of(CONTRACT));

    private static ChainLog log(List<String> topics, String data) {
        return new ChainLog(1, CONTRACT, topics, data, 7, "", "0x" + "11".repeat(32), 0, false, Optional.empty());
    }

    private static String word(long v) {
        return String.format("0x%064x", v);
    }

    @Test
    void transferTopicIsTheKeccakOfItsSignature() {
        assertEquals(Hash.sha3String("Transfer(address,address,uint256)"), MintDecoder.TRANSFER_TOPIC);
        assertEquals(List.of(MintDecoder.TRANSFER_TOPIC, MintDecoder.ZERO_ADDRESS_TOPIC), decoder.topicFilter());
    }

    @Test
    void aTransferFromTheZeroAddressIsAMintOfItsTokenId() {
        DecodeOutcome.TransferMint mint = assertInstanceOf(DecodeOutcome.TransferMint.class,
                decoder.decode(log(List.of(MintDecoder.TRANSFER_TOPIC, MintDecoder.ZERO_ADDRESS_TOPIC, HOLDER, word(4242)), "0x")));
        assertEquals(BigInteger.valueOf(4242), mint.tokenId());
    }

    @Test
    void aTransferBetweenHoldersOrABurnIsNotAMint() {
        DecodeOutcome.Ignored transfer = assertInstanceOf(DecodeOutcome.Ignored.class,
                decoder.decode(log(List.of(MintDecoder.TRANSFER_TOPIC, HOLDER, HOLDER, word(1)), "0x")));
        assertEquals("ignored_transfer", transfer.counter());
        assertInstanceOf(DecodeOutcome.Ignored.class,
                decoder.decode(log(List.of(MintDecoder.TRANSFER_TOPIC, HOLDER, MintDecoder.ZERO_ADDRESS_TOPIC, word(1)), "0x")));
    }

    @Test
    void anErc20TransferHasThreeTopicsAndIsIgnored() {
        DecodeOutcome.Ignored erc20 = assertInstanceOf(DecodeOutcome.Ignored.class,
                decoder.decode(log(List.of(MintDecoder.TRANSFER_TOPIC, MintDecoder.ZERO_ADDRESS_TOPIC, HOLDER), word(1000))));
        assertEquals("ignored_other_event", erc20.counter());
    }

    @Test
    void otherContractsAndEventsAreIgnored() {
        ChainLog other = new ChainLog(1, "0x" + "99".repeat(20), List.of(MintDecoder.TRANSFER_TOPIC, MintDecoder.ZERO_ADDRESS_TOPIC,
                HOLDER, word(1)), "0x", 7, "", "0x" + "11".repeat(32), 0, false, Optional.empty());
        assertEquals("ignored_other_contract", assertInstanceOf(DecodeOutcome.Ignored.class, decoder.decode(other)).counter());
        assertEquals("ignored_other_event", assertInstanceOf(DecodeOutcome.Ignored.class,
                decoder.decode(log(List.of(Hash.sha3String("Approval(address,address,uint256)"), HOLDER, HOLDER, word(1)), "0x"))).counter());
    }

    @Test
    void aMintToTheZeroAddressIsUndecodable() {
        assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(log(List.of(MintDecoder.TRANSFER_TOPIC,
                MintDecoder.ZERO_ADDRESS_TOPIC, MintDecoder.ZERO_ADDRESS_TOPIC, word(1)), "0x")));
    }
}
