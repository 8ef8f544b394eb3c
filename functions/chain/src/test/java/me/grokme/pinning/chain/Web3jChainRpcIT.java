package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import me.grokme.pinning.devchain.Ganache;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/** web3j's JSON-RPC client against a real EVM (ganache): logs, block hashes, tokenURI calls, and decoding what it returns. */
class Web3jChainRpcIT {

    private static Ganache ganache;
    private static Web3jChainRpc rpc;
    private static String genesis;
    private static String erc721;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        ganache = Ganache.start();
        rpc = new Web3jChainRpc(ganache.url(), new OkHttpClient(), Duration.ofSeconds(10), Ganache.CHAIN_ID);
        genesis = ganache.deploy("GrokmeGenesis");
        erc721 = ganache.deploy("StandardMint721");
    }

    @AfterAll
    static void stop() {
        if (ganache != null) {
            ganache.close();
        }
    }

    @Test
    void readsChainIdHeadAndBlockHashes() {
        assertEquals(Ganache.CHAIN_ID, rpc.chainId());
        long head = rpc.latestBlock();
        assertEquals(ganache.blockNumber(), head);
        String hash = rpc.blockHash(head);
        assertEquals(ganache.call("eth_getBlockByNumber", List.of("0x" + Long.toHexString(head), false)).get("hash").asText(), hash);
        assertThrows(RpcUnavailableException.class, () -> rpc.blockHash(head + 1000));
    }

    @Test
    void logsOfTheMintEventDecodeToTokenAndUri() {
        long before = rpc.latestBlock();
        ganache.mintBatch(genesis, List.of("ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u", "ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"));
        long after = rpc.latestBlock();
        MintEventAbi abi = MintEventAbi.parse("Grokked(uint256 indexed tokenId, string ipfsURI)", "tokenId", "ipfsURI");
        MintDecoder decoder = new MintDecoder(abi, Set.of(Ganache.CHAIN_ID), Set.of(genesis));
        List<ChainLog> logs = rpc.logs(genesis, decoder.topicFilter(), before + 1, after);
        assertEquals(2, logs.size());
        DecodeOutcome.Mint first = assertInstanceOf(DecodeOutcome.Mint.class, decoder.decode(logs.get(0)));
        DecodeOutcome.Mint second = assertInstanceOf(DecodeOutcome.Mint.class, decoder.decode(logs.get(1)));
        assertEquals("ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u", first.uri());
        assertEquals(second.tokenId(), first.tokenId().add(BigInteger.ONE));
        assertEquals(logs.get(0).txHash(), logs.get(1).txHash());
        assertEquals(0, logs.get(0).logIndex());
        assertEquals(1, logs.get(1).logIndex());
        assertEquals(rpc.blockHash(after), logs.get(0).blockHash());
        // A range before the mint has none of them.
        assertTrue(rpc.logs(genesis, decoder.topicFilter(), 0, before).stream().noneMatch(l -> l.txHash().equals(logs.get(0).txHash())));
    }

    @Test
    void erc721TransferFilterSelectsMintsOnlyAndTokenUriIsRead() {
        List<String> holders = ganache.accounts();
        long before = rpc.latestBlock();
        String firstTopic = ganache.mint721(erc721, holders.get(1), "ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/7.json")
                .get("logs").get(0).get("topics").get(3).asText();
        BigInteger first = new BigInteger(firstTopic.substring(2), 16);
        ganache.mint721(erc721, holders.get(1), "https://example.com/8.json");
        long minted = rpc.latestBlock();
        // a transfer between holders: same Transfer event, not a mint
        ganache.send(holders.get(1), erc721, new Function("transferFrom",
                List.<Type>of(new Address(holders.get(1)), new Address(holders.get(2)), new Uint256(first)), List.of()));
        MintDecoder decoder = new MintDecoder(new MintSource.Erc721Transfer(), Set.of(Ganache.CHAIN_ID), Set.of(erc721));
        List<ChainLog> mints = rpc.logs(erc721, decoder.topicFilter(), before + 1, rpc.latestBlock());
        assertEquals(2, mints.size(), "the zero-address topic filter leaves out the transfer");
        List<ChainLog> all = rpc.logs(erc721, List.of(MintDecoder.TRANSFER_TOPIC), before + 1, rpc.latestBlock());
        assertEquals(3, all.size());
        assertInstanceOf(DecodeOutcome.Ignored.class, decoder.decode(all.get(2)));
        DecodeOutcome.TransferMint mint = assertInstanceOf(DecodeOutcome.TransferMint.class, decoder.decode(mints.get(0)));
        assertEquals(first, mint.tokenId());
        assertEquals(new TokenUriSource.TokenUri.Found("ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/7.json"),
                rpc.tokenUri(erc721, mint.tokenId()));
        TokenUriSource.TokenUri missing = rpc.tokenUri(erc721, BigInteger.valueOf(999_999));
        TokenUriSource.TokenUri.Reverted reverted = assertInstanceOf(TokenUriSource.TokenUri.Reverted.class, missing);
        assertTrue(reverted.reason().contains("ERC721: invalid token ID"), reverted.reason());
        assertTrue(minted > before);
    }

    @Test
    void anAddressWithoutCodeHasNoTokenUri() {
        TokenUriSource.TokenUri answer = rpc.tokenUri("0x000000000000000000000000000000000000dead", BigInteger.ONE);
        assertInstanceOf(TokenUriSource.TokenUri.Reverted.class, answer);
    }

    @Test
    void aDeadEndpointIsUnavailableAndItsUrlIsNotInTheMessage() {
        Web3jChainRpc dead = new Web3jChainRpc(java.net.URI.create("http://127.0.0.1:1/v2/secret-api-key"), new OkHttpClient(),
                Duration.ofSeconds(2), 1);
        RpcUnavailableException e = assertThrows(RpcUnavailableException.class, dead::latestBlock);
        assertTrue(!e.getMessage().contains("secret-api-key"), e.getMessage());
    }
}
