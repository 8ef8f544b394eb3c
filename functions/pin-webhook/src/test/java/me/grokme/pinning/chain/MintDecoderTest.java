package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.webhook.Deliveries;
import me.grokme.pinning.chain.ChainLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Hash;

class MintDecoderTest {

    private final MintEventAbi abi = MintEventAbi.parse("Grokked(uint256 indexed tokenId, string ipfsURI)", "tokenId", "ipfsURI");
    private final MintDecoder decoder = new MintDecoder(abi, Set.of(1L), Set.of(Deliveries.CONTRACT.toUpperCase().replace("0X", "0x")));

    private static ChainLog log(long chain, String contract, List<String> topics, String data) {
        return new ChainLog(chain, contract, topics, data, 1, "", Deliveries.tx(1), 0, false, Optional.empty());
    }

    @Test
    void topic0IsTheKeccakOfTheCanonicalSignature() {
        assertEquals(Hash.sha3String("Grokked(uint256,string)"), abi.topic0());
        assertEquals("0x3f79a4858cefd3eeaab2bed3bcd84821ffd7e8006b8d65e287b40bf1e50ec3c0", abi.topic0());
    }

    @Test
    void decodesTheReferenceLog() {
        String data = "0x0000000000000000000000000000000000000000000000000000000000000020"
                + "0000000000000000000000000000000000000000000000000000000000000042"
                + "697066733a2f2f6261666b7265696578666764647476707a3237646d6b6666747667717232356f36756634776d35706b6c6b6461327a36376e7a3469676932783475"
                + "000000000000000000000000000000000000000000000000000000000000";
        DecodeOutcome.Mint mint = assertInstanceOf(DecodeOutcome.Mint.class, decoder.decode(log(1, Deliveries.CONTRACT,
                List.of(abi.topic0(), "0x000000000000000000000000000000000000000000000000000000000000002a"), data)));
        assertEquals(BigInteger.valueOf(42), mint.tokenId());
        assertEquals("ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u", mint.uri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/42.json", "", "ünïcødé ✓ 🎨",
            "https://ipfs.io/ipfs/QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR"})
    void roundTripsWhatWeb3jEncodes(String uri) {
        Deliveries.Mint m = new Deliveries.Mint(Deliveries.CONTRACT, Long.MAX_VALUE, uri, Deliveries.tx(9), 3, 10, false);
        ChainLog l = new me.grokme.pinning.webhook.providers.PlainLogsAdapter(() -> "", java.time.Duration.ZERO, 1)
                .parse(new me.grokme.pinning.webhook.providers.Delivery(java.util.Map.of(),
                        Deliveries.logsBody(List.of(m)).getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Instant.now())).get(0);
        DecodeOutcome.Mint mint = assertInstanceOf(DecodeOutcome.Mint.class, decoder.decode(l));
        assertEquals(BigInteger.valueOf(Long.MAX_VALUE), mint.tokenId());
        assertEquals(uri, mint.uri());
    }

    @Test
    void foreignChainsContractsAndEventsAreIgnoredWithACounter() {
        String topic1 = "0x" + "00".repeat(31) + "01";
        DecodeOutcome.Ignored chain = assertInstanceOf(DecodeOutcome.Ignored.class,
                decoder.decode(log(137, Deliveries.CONTRACT, List.of(abi.topic0(), topic1), "0x")));
        assertEquals("ignored_other_chain", chain.counter());
        DecodeOutcome.Ignored contract = assertInstanceOf(DecodeOutcome.Ignored.class,
                decoder.decode(log(1, "0x" + "11".repeat(20), List.of(abi.topic0(), topic1), "0x")));
        assertEquals("ignored_other_contract", contract.counter());
        String transfer = Hash.sha3String("Transfer(address,address,uint256)");
        assertEquals("ignored_other_event", assertInstanceOf(DecodeOutcome.Ignored.class,
                decoder.decode(log(1, Deliveries.CONTRACT, List.of(transfer), "0x"))).counter());
    }

    @Test
    void truncatedOrHostileAbiDataIsUndecodableNotAnException() {
        String topic1 = "0x" + "00".repeat(31) + "01";
        String hugeLength = "0x" + "00".repeat(31) + "20" + "7f".repeat(32);
        for (String data : List.of("0x", "0x1234", hugeLength, "0x" + "00".repeat(31) + "20")) {
            assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(log(1, Deliveries.CONTRACT, List.of(abi.topic0(), topic1), data)),
                    data.length() > 20 ? data.substring(0, 20) : data);
        }
        assertInstanceOf(DecodeOutcome.Undecodable.class, decoder.decode(log(1, Deliveries.CONTRACT, List.of(abi.topic0()), "0x")),
                "missing indexed topic");
    }

    @Test
    void badAbiConfigurationIsRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MintEventAbi.parse("Grokked(uint256 indexed id, string uri)",
                "tokenId", "uri")).getMessage().contains("tokenId"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MintEventAbi.parse("Grokked(uint256 tokenId, string indexed ipfsURI)",
                "tokenId", "ipfsURI")).getMessage().contains("non-indexed string"));
        assertThrows(IllegalArgumentException.class, () -> MintEventAbi.parse("Grokked(address tokenId, string ipfsURI)", "tokenId", "ipfsURI"));
        assertThrows(IllegalArgumentException.class, () -> MintEventAbi.parse("not an abi", "tokenId", "ipfsURI"));
        MintEventAbi other = MintEventAbi.parse("Minted(address indexed to, uint64 indexed id, string uri)", "id", "uri");
        assertEquals(Hash.sha3String("Minted(address,uint64,string)"), other.topic0());
    }
}
