package me.grokme.pinning.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import me.grokme.pinning.chain.MintSource;
import me.grokme.pinning.config.ConfigException;
import me.grokme.pinning.deep.DeepPinSettings;
import me.grokme.pinning.deep.HttpContentFetcher;
import org.junit.jupiter.api.Test;

class ReconcileConfigTest {

    private static Map<String, String> minimal() {
        return new HashMap<>(Map.of("LEDGER_TABLE", "t", "CLUSTER_URL", "http://127.0.0.1:9094",
                "CONTRACT_ADDRESSES", "0x" + "ab".repeat(20), "CHAIN_RPC_URL", "plain:https://rpc.example/v2/key"));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ReconcileConfig c = ReconcileConfig.fromEnvironment(minimal());
        assertEquals(new ReconcileSettings(1, 0, 12, 2000, 128, 8), c.settings());
        assertTrue(c.mint().source() instanceof MintSource.UriEvent);
        assertTrue(!c.mint().policy().deepPinning());
        assertEquals(DeepPinSettings.defaults(), c.deepPin());
        assertTrue(!c.toString().contains("v2/key"), "the RPC URL (it holds an API key) is never printed: " + c);
    }

    @Test
    void eachCapsuleOnTheReconciledChainIsItsOwnStreamFromItsOwnStartBlock() {
        Map<String, String> env = minimal();
        env.remove("CONTRACT_ADDRESSES");
        env.put("CHAIN_IDS", "1");
        env.put("RECONCILE_START_BLOCK", "50");
        env.put("CAPSULES", "[{\"name\":\"genesis\",\"chainId\":1,\"contract\":\"0x" + "aa".repeat(20) + "\",\"startBlock\":100},"
                + "{\"name\":\"frames\",\"chainId\":1,\"contract\":\"0x" + "bb".repeat(20) + "\",\"mode\":\"erc721\"},"
                + "{\"name\":\"poly\",\"chainId\":137,\"contract\":\"0x" + "cc".repeat(20) + "\"}]");
        ReconcileConfig c = ReconcileConfig.fromEnvironment(env);
        java.util.List<ChainReconciler.Stream> streams = ReconcileApp.streams(c);
        assertEquals(java.util.List.of("genesis", "frames"), streams.stream().map(ChainReconciler.Stream::capsule).toList(),
                "the capsule on another chain is another reconciliation's");
        assertEquals(java.util.List.of(100L, 50L), streams.stream().map(ChainReconciler.Stream::startBlock).toList());
        assertEquals(java.util.List.of("0x" + "aa".repeat(20), "0x" + "bb".repeat(20)), streams.stream().map(ChainReconciler.Stream::contract).toList());
        assertEquals(2, streams.get(1).mintTopics().size(), "the ERC-721 capsule's filter is Transfer from 0x0");
        assertEquals(1, streams.get(0).mintTopics().size(), "the event capsule's is its event");
        env.put("CHAIN_IDS", "5");
        ConfigException e = assertThrows(ConfigException.class, () -> ReconcileConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains("no capsule is on the reconciled chain [5]"), e.getMessage());
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", "t", "CLUSTER_URL", "http://127.0.0.1:9094",
                "CONTRACT_ADDRESSES", "0x" + "ab".repeat(20), "CHAIN_IDS", "1,137", "RECONCILE_START_BLOCK", "-5",
                "DEEP_PINNING", "true", "MINT_MODE", "erc1155"));
        ConfigException e = assertThrows(ConfigException.class, () -> ReconcileConfig.fromEnvironment(env));
        String m = e.getMessage();
        for (String expected : new String[] {"CHAIN_RPC_URL is required", "CHAIN_IDS must name exactly one chain",
            "RECONCILE_START_BLOCK must not be negative", "CONTENT_SOURCE is required when DEEP_PINNING is on",
            "MINT_MODE must be event or erc721"}) {
            assertTrue(m.contains(expected), expected + " in: " + m);
        }
    }

    @Test
    void contentSourceNamesItsDialect() {
        Map<String, String> env = minimal();
        env.put("DEEP_PINNING", "true");
        env.put("CONTENT_SOURCE", "ipfs-api:https://kubo-rpc.example");
        ReconcileConfig c = ReconcileConfig.fromEnvironment(env);
        assertEquals(HttpContentFetcher.Dialect.IPFS_API, c.contentSource().orElseThrow().dialect());
        env.put("CONTENT_SOURCE", "gateway:https://ipfs.example");
        assertEquals(HttpContentFetcher.Dialect.GATEWAY, ReconcileConfig.fromEnvironment(env).contentSource().orElseThrow().dialect());
        env.put("CONTENT_SOURCE", "https://ipfs.example");
        assertTrue(assertThrows(ConfigException.class, () -> ReconcileConfig.fromEnvironment(env)).getMessage()
                .contains("CONTENT_SOURCE must start with ipfs-api: or gateway:"));
    }

    @Test
    void aRemoteContentSourceMustUseHttpsWhileLoopbackMayUsePlainHttp() {
        Map<String, String> env = minimal();
        env.put("DEEP_PINNING", "true");
        for (String unsafe : new String[] {"ipfs-api:http://cluster.example:9095", "gateway:http://ipfs.example",
            "ipfs-api:http://10.0.0.5:9095"}) {
            env.put("CONTENT_SOURCE", unsafe);
            String m = assertThrows(ConfigException.class, () -> ReconcileConfig.fromEnvironment(env), unsafe).getMessage();
            assertTrue(m.contains("CONTENT_SOURCE must use https for a remote host"), m);
        }
        for (String local : new String[] {"ipfs-api:http://127.0.0.1:5001", "ipfs-api:http://localhost:9095",
            "gateway:http://[::1]:8080"}) {
            env.put("CONTENT_SOURCE", local);
            assertEquals(URI.create(local.substring(local.indexOf(':') + 1)),
                    ReconcileConfig.fromEnvironment(env).contentSource().orElseThrow().url(), local);
        }
    }

    @Test
    void deepPinningLimitsAreConfigurable() {
        Map<String, String> env = minimal();
        env.putAll(Map.of("DEEP_PIN_MAX_BYTES", "65536", "DEEP_PIN_FETCH_TIMEOUT", "3s", "DEEP_PIN_TASKS_PER_RUN", "50",
                "DEEP_PIN_MAX_ATTEMPTS", "4", "DEEP_PIN_MAX_DEPTH", "5", "DEEP_PIN_MAX_REFERENCES", "100"));
        DeepPinSettings d = ReconcileConfig.fromEnvironment(env).deepPin();
        assertEquals(new DeepPinSettings(65536, Duration.ofSeconds(3), 50, 4, DeepPinSettings.defaults().firstRetry(),
                DeepPinSettings.defaults().maxRetry(), 5, 100), d);
        env.put("DEEP_PIN_FETCH_TIMEOUT", "soon");
        assertTrue(assertThrows(ConfigException.class, () -> ReconcileConfig.fromEnvironment(env)).getMessage()
                .contains("DEEP_PIN_FETCH_TIMEOUT"));
        env.put("DEEP_PIN_FETCH_TIMEOUT", "3s");
        env.put("DEEP_PIN_MAX_DEPTH", "0");
        env.put("DEEP_PIN_MAX_REFERENCES", "1000");
        String message = assertThrows(ConfigException.class, () -> ReconcileConfig.fromEnvironment(env)).getMessage();
        assertTrue(message.contains("DEEP_PIN_MAX_DEPTH") && message.contains("DEEP_PIN_MAX_REFERENCES"), message);
    }

    @Test
    void erc721ModeNeedsTheRpcAndNotAnEventAbi() {
        Map<String, String> env = minimal();
        env.put("MINT_MODE", "erc721");
        env.put("MINT_EVENT_ABI", "this is ignored in erc721 mode");
        assertTrue(ReconcileConfig.fromEnvironment(env).mint().source() instanceof MintSource.Erc721Transfer);
    }
}
