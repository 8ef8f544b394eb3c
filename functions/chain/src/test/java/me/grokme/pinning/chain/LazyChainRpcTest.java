package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import me.grokme.pinning.secrets.SecretRef;
import me.grokme.pinning.secrets.SecretUnavailableException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RPC URL as a secret: resolved on first use, followed when rotated, never echoed when wrong. */
class LazyChainRpcTest {

    private MockWebServer first;
    private MockWebServer second;
    /** What the secret store holds right now (a rotation replaces it). */
    private final AtomicReference<String> secretValue = new AtomicReference<>();
    private LazyChainRpc rpc;

    @BeforeEach
    void start() throws IOException {
        first = new MockWebServer();
        first.start();
        second = new MockWebServer();
        second.start();
        rpc = new LazyChainRpc(new SecretRef.SecretsManager("grokme/rpc", Optional.empty()), ref -> {
            String v = secretValue.get();
            if (v == null) {
                throw new SecretUnavailableException("no such secret", null);
            }
            return v;
        }, new OkHttpClient(), Duration.ofSeconds(5), 1);
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private static void answerBlock(MockWebServer node, long block) {
        node.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x" + Long.toHexString(block) + "\"}").build());
    }

    @Test
    void nothingIsResolvedOrSentBeforeFirstUse() {
        assertEquals(0, rpc.requestCount());
        assertEquals(0, first.getRequestCount());
    }

    @Test
    void aRotatedUrlIsFollowedAndTheRequestCountKeepsGrowing() {
        secretValue.set(first.url("/v2/key-one").toString());
        answerBlock(first, 100);
        answerBlock(first, 101);
        assertEquals(100, rpc.latestBlock());
        assertEquals(101, rpc.latestBlock());
        assertEquals(2, rpc.requestCount());

        secretValue.set(second.url("/v2/key-two").toString() + "\n"); // secrets are often stored with a trailing newline
        answerBlock(second, 102);
        assertEquals(102, rpc.latestBlock());
        assertEquals(2, first.getRequestCount());
        assertEquals(1, second.getRequestCount());
        assertEquals(3, rpc.requestCount(), "the count spans the rotation, so a run's before/after difference stays right");
    }

    @Test
    void anUnavailableSecretIsAnUnavailableNode() {
        RpcUnavailableException e = assertThrows(RpcUnavailableException.class, rpc::latestBlock);
        assertEquals("the chain RPC URL secret is unavailable", e.getMessage());
    }

    @Test
    void aSecretThatIsNotAnHttpUrlIsRefusedWithoutEchoingIt() {
        secretValue.set("wss://eth.example/v2/super-secret-key");
        RpcUnavailableException e = assertThrows(RpcUnavailableException.class, rpc::latestBlock);
        assertFalse(e.getMessage().contains("super-secret-key"), e.getMessage());
        secretValue.set("not a url at all super-secret-key");
        e = assertThrows(RpcUnavailableException.class, rpc::latestBlock);
        assertFalse(e.getMessage().contains("super-secret-key"), e.getMessage());
    }
}
