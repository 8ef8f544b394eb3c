package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import okhttp3.OkHttpClient;

/**
 * The node's answers are external input too: mutated eth_getLogs answers give logs or
 * {@link RpcUnavailableException} (a range refusal included), never another exception — a malformed answer
 * must stop the run, not skip a log or crash the function.
 */
class RpcAnswerFuzzTest {

    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"address\":\"0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b\","
            + "\"topics\":[\"0x3f79a4853cc2bd1dd5b6ed3e3b2f9fb6b0a3a6d8e2ef2e3d05e2c4bcdf28c3c0\",\"0x000000000000000000000000000000000000000000000000000000000000002a\"],"
            + "\"data\":\"0x00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000004"
            + "697066730000000000000000000000000000000000000000000000000000000000\",\"blockNumber\":\"0x1406f40\",\"blockHash\":\"0x"
            + "ab".repeat(32) + "\",\"transactionHash\":\"0x" + "cd".repeat(32) + "\",\"transactionIndex\":\"0x3\",\"logIndex\":\"0x11\",\"removed\":false}]}";
    private static final AtomicReference<byte[]> NEXT = new AtomicReference<>(new byte[0]);
    private static HttpServer server;
    private static Web3jChainRpc rpc;

    /** The JDK's server as the fake node: it answers in one write (MockWebServer's split writes cost ~40 ms a call). */
    @BeforeContainer
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = NEXT.get();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        rpc = new Web3jChainRpc(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), new OkHttpClient(),
                Duration.ofSeconds(5), 1);
    }

    @AfterContainer
    static void stop() {
        server.stop(0);
    }

    /** tokenURI(7) answered "ipfs://x" (ABI-encoded string). */
    private static final String CALL_ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "0000000000000000000000000000000000000000000000000000000000000008"
            + "697066733a2f2f78000000000000000000000000000000000000000000000000\"}";

    @Provide
    Arbitrary<byte[]> answers() {
        return mutations(ANSWER);
    }

    @Provide
    Arbitrary<byte[]> callAnswers() {
        return mutations(CALL_ANSWER);
    }

    private static Arbitrary<byte[]> mutations(String answer) {
        byte[] base = answer.getBytes(StandardCharsets.UTF_8);
        return Arbitraries.integers().between(0, base.length - 1).list().ofMinSize(1).ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = base.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    return b;
                }));
    }

    @Provide
    Arbitrary<String> lengthWords() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 64).map(l -> String.format("%064x", l)),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
                Arbitraries.of("0".repeat(56) + "80000000", "0".repeat(55) + "100000000", "f".repeat(64)));
    }

    /** tokenURI answers whose string length word is anything: a URI only when the length fits, never an empty one by wrap-around. */
    @Property
    void aTokenUriIsFoundOnlyWhenItsDeclaredLengthFits(@ForAll("lengthWords") String lengthWord) {
        NEXT.set(("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x" + "0".repeat(62) + "20" + lengthWord + "697066733a2f2f78" + "0".repeat(48)
                + "\"}").getBytes(StandardCharsets.UTF_8));
        BigInteger length = new BigInteger(lengthWord, 16);
        switch (rpc.tokenUri("0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b", BigInteger.valueOf(7))) {
            case TokenUriSource.TokenUri.Found found -> assertEquals(length.intValueExact(), found.uri().getBytes(StandardCharsets.UTF_8).length);
            case TokenUriSource.TokenUri.Reverted reverted -> assertTrue(length.compareTo(BigInteger.valueOf(32)) > 0, reverted.reason());
        }
    }

    @Property
    void mutatedLogAnswersGiveLogsOrUnavailable(@ForAll("answers") byte[] answer) {
        NEXT.set(answer);
        try {
            List<ChainLog> logs = rpc.logs("0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b", List.of(), 1, 2);
            for (ChainLog l : logs) {
                l.key(); // a log that came through is a well-formed one
            }
        } catch (RpcUnavailableException expected) {
            // the run stops with a named reason; the checkpoint stays
        }
    }

    @Property
    void mutatedTokenUriAnswersGiveAUriARevertOrUnavailable(@ForAll("callAnswers") byte[] answer) {
        NEXT.set(answer);
        try {
            switch (rpc.tokenUri("0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b", BigInteger.valueOf(7))) {
                case TokenUriSource.TokenUri.Found found -> found.uri().length(); // a string, possibly odd: IpfsUris judges it next
                case TokenUriSource.TokenUri.Reverted reverted -> reverted.reason().length();
            }
        } catch (RpcUnavailableException expected) {
            // retried later
        }
        NEXT.set(new byte[0]);
        try {
            rpc.latestBlock();
        } catch (RpcUnavailableException expected) {
            // an empty answer is not a block number
        }
    }
}
