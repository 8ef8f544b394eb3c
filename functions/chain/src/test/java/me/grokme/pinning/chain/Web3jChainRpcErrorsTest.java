package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How node errors are classified — the refusals real providers send for a too-large eth_getLogs range
 * (wording from their documentation), rate limits, and node errors — without a real provider.
 */
class Web3jChainRpcErrorsTest {

    private MockWebServer server;
    private Web3jChainRpc rpc;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        rpc = new Web3jChainRpc(server.url("/v2/the-api-key").uri(), new OkHttpClient(), Duration.ofSeconds(5), 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answerError(int code, String message) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}").build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Alchemy
        "-32602|Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x10, 0x2f]|47",
        // Infura
        "-32005|query returned more than 10000 results. Try with this block range [0x10, 0x1f].|31",
        // QuickNode
        "-32614|eth_getLogs is limited to a 10,000 range|",
        // geth-based nodes, Erigon, Ankr
        "-32000|exceed maximum block range: 50000|",
        "-32000|block range is too wide|",
        "-32000|query timeout exceeded|"})
    void rangeRefusalsAreRecognisedWithTheProvidersHint(int code, String message, String suggested) {
        answerError(code, message);
        RangeTooLargeException e = assertThrows(RangeTooLargeException.class, () -> rpc.logs("0x" + "ab".repeat(20), List.of(), 16, 100));
        assertEquals(suggested == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(suggested)), e.suggestedToBlock());
    }

    @Test
    void aHintOutsideTheAskedRangeIsIgnored() {
        answerError(-32005, "query returned more than 10000 results. Try with this block range [0x10, 0xffff].");
        RangeTooLargeException e = assertThrows(RangeTooLargeException.class, () -> rpc.logs("0x" + "ab".repeat(20), List.of(), 16, 100));
        assertEquals(OptionalLong.empty(), e.suggestedToBlock());
    }

    /** A 220 kB refusal (20,000 "limited to"s, the shape that made the former pattern quadratic) keeps its hint. */
    @Test
    void aHugeRefusalIsStillARefusalWithItsHint() {
        answerError(-32602, "limited to ".repeat(20_000) + "... this block range should work: [0x10, 0x2f]");
        RangeTooLargeException e = assertThrows(RangeTooLargeException.class, () -> rpc.logs("0x" + "ab".repeat(20), List.of(), 16, 100));
        assertEquals(OptionalLong.of(47), e.suggestedToBlock());
        assertTrue(e.getMessage().length() < 400, "the message is cut: " + e.getMessage().length());
    }

    @Test
    void otherNodeErrorsAreUnavailableNotRangeRefusals() {
        answerError(-32000, "header not found");
        RpcUnavailableException e = assertThrows(RpcUnavailableException.class, () -> rpc.logs("0x" + "ab".repeat(20), List.of(), 1, 2));
        assertFalse(e instanceof RangeTooLargeException);
        assertTrue(e.getMessage().contains("header not found"));
    }

    @Test
    void rateLimitIsUnavailableAndTheUrlWithItsKeyIsNeverEchoed() {
        server.enqueue(new MockResponse.Builder().code(429).body("Too Many Requests for " + server.url("/v2/the-api-key")).build());
        RpcUnavailableException e = assertThrows(RpcUnavailableException.class, rpc::latestBlock);
        assertTrue(e.getMessage().contains("429"), e.getMessage());
        assertFalse(e.getMessage().contains("the-api-key"), e.getMessage());
    }

    @Test
    void aRevertIsAnAnswerNotAnOutage() {
        answerError(3, "execution reverted: ERC721: invalid token ID");
        assertEquals(new TokenUriSource.TokenUri.Reverted("tokenURI(5) reverted: execution reverted: ERC721: invalid token ID"),
                rpc.tokenUri("0x" + "ab".repeat(20), BigInteger.valueOf(5)));
        answerError(-32603, "internal error");
        assertThrows(RpcUnavailableException.class, () -> rpc.tokenUri("0x" + "ab".repeat(20), BigInteger.valueOf(5)));
    }

    /** tokenURI answered "ipfs://x" (ABI-encoded string). */
    private void answerUri() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x" + "0".repeat(62) + "20" + "0".repeat(63) + "8"
                        + "697066733a2f2f78" + "0".repeat(48) + "\"}").build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-32000|missing trie node 1f0c5e0a8b3a9c4c5d2f (path )",
        "-32000|header not found",
        "-32000|state at block #17000000 is pruned",
        "-32602|requires an archive node to query historical state"})
    void aCallAtABlockWhoseStateTheNodeNoLongerHoldsIsAskedAtLatest(int code, String message) throws InterruptedException {
        answerError(code, message);
        answerUri();
        assertEquals(new TokenUriSource.TokenUri.Found("ipfs://x"), rpc.tokenUriAt("0x" + "ab".repeat(20), BigInteger.valueOf(5), 0x10));
        assertTrue(server.takeRequest().getBody().utf8().contains("\"0x10\""), "first at the log's block");
        assertTrue(server.takeRequest().getBody().utf8().contains("\"latest\""), "then at latest");
    }

    @Test
    void aCallAtABlockIsAskedThereAndARevertThereIsTheAnswer() throws InterruptedException {
        answerUri();
        assertEquals(new TokenUriSource.TokenUri.Found("ipfs://x"), rpc.tokenUriAt("0x" + "ab".repeat(20), BigInteger.valueOf(5), 0x10));
        assertTrue(server.takeRequest().getBody().utf8().contains("\"0x10\""));
        answerError(3, "execution reverted: no such token");
        assertEquals(new TokenUriSource.TokenUri.Reverted("tokenURI(5) reverted: execution reverted: no such token"),
                rpc.tokenUriAt("0x" + "ab".repeat(20), BigInteger.valueOf(5), 0x10));
        assertEquals(2, server.getRequestCount(), "a revert at the block is not asked again at latest");
    }

    @Test
    void aTokenUriWhoseStringLengthIsOutOfRangeIsNamedSo() {
        String answer = "0x" + "0".repeat(62) + "20" + "0".repeat(56) + "80000000" + "697066733a2f2f78" + "0".repeat(48);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + answer + "\"}").build());
        assertEquals(new TokenUriSource.TokenUri.Reverted("tokenURI(5) did not return an ABI string: ABI string length out of range: "
                + "it declares 2147483648 bytes, 32 follow"), rpc.tokenUri("0x" + "ab".repeat(20), BigInteger.valueOf(5)));
    }

    @Test
    void aMalformedLogFromTheNodeIsAnErrorNotASkippedLog() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"address\":\"0xnot-an-address\",\"topics\":[],\"data\":\"0x\","
                        + "\"blockNumber\":\"0x1\",\"blockHash\":\"0x" + "00".repeat(32) + "\",\"transactionHash\":\"0x" + "11".repeat(32)
                        + "\",\"logIndex\":\"0x0\",\"removed\":false}]}").build());
        assertThrows(RpcUnavailableException.class, () -> rpc.logs("0x" + "ab".repeat(20), List.of(), 1, 2));
    }
}
