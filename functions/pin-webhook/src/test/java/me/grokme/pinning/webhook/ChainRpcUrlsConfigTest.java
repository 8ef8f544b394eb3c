package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.config.ConfigException;
import me.grokme.pinning.secrets.SecretRef;
import org.junit.jupiter.api.Test;

/** Each chain's RPC: CHAIN_RPC_URLS (chainId=secret ref), or CHAIN_RPC_URL for the one chain it can be. */
class ChainRpcUrlsConfigTest {

    private static final String A = "0x" + "aa".repeat(20);
    private static final String B = "0x" + "bb".repeat(20);
    private static final String TWO_CHAINS = "[{\"name\":\"frames\",\"chainId\":1,\"contract\":\"" + A + "\",\"mode\":\"erc721\"},"
            + "{\"name\":\"polyframes\",\"chainId\":137,\"contract\":\"" + B + "\",\"mode\":\"erc721\"}]";

    private static Map<String, String> env(String capsules, Map<String, String> rpc) {
        Map<String, String> env = new HashMap<>(Deliveries.environment("ledger", "https://cluster.example"));
        env.remove("CONTRACT_ADDRESSES");
        env.put("CHAIN_IDS", "1,137");
        env.put("CAPSULES", capsules);
        env.putAll(rpc);
        return env;
    }

    private static String problems(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> WebhookConfig.fromEnvironment(env)).getMessage();
    }

    @Test
    void eachChainHasItsOwnRpc() {
        WebhookConfig config = WebhookConfig.fromEnvironment(env(TWO_CHAINS, Map.of("CHAIN_RPC_URLS", "1=ssm:/rpc/mainnet,137=secretsmanager:rpc#polygon")));
        assertEquals(Set.of(1L, 137L), config.mint().rpcUrls().keySet());
        assertEquals(new SecretRef.SsmParameter("/rpc/mainnet"), config.mint().rpcUrl(1).orElseThrow());
    }

    @Test
    void theOneChainShorthandServesTheOnlyChainAnErc721CapsuleIsOn() {
        String oneErc721 = "[{\"name\":\"genesis\",\"chainId\":1,\"contract\":\"" + A + "\",\"mode\":\"event\"},"
                + "{\"name\":\"polyframes\",\"chainId\":137,\"contract\":\"" + B + "\",\"mode\":\"erc721\"}]";
        WebhookConfig config = WebhookConfig.fromEnvironment(env(oneErc721, Map.of("CHAIN_RPC_URL", "ssm:/rpc/polygon")));
        assertEquals(Set.of(137L), config.mint().rpcUrls().keySet());
    }

    @Test
    void problemsNameTheVariableAndTheEntry() {
        String shorthand = problems(env(TWO_CHAINS, Map.of("CHAIN_RPC_URL", "ssm:/rpc/mainnet")));
        assertTrue(shorthand.contains("CHAIN_RPC_URL is one chain's RPC, but erc721 capsules are on chains [1, 137]"), shorthand);
        String missing = problems(env(TWO_CHAINS, Map.of("CHAIN_RPC_URLS", "1=ssm:/rpc/mainnet")));
        assertTrue(missing.contains("CHAIN_RPC_URLS has no entry for chain 137"), missing);
        String bad = problems(env(TWO_CHAINS, Map.of("CHAIN_RPC_URLS", "1=ssm:/a,mainnet=ssm:/b,1=ssm:/c,137=https://key@rpc.example")));
        assertTrue(bad.contains("CHAIN_RPC_URLS entry 2: must be <chainId>=<secret ref>"), bad);
        assertTrue(bad.contains("CHAIN_RPC_URLS entry 3: chain 1 is named twice"), bad);
        assertTrue(bad.contains("CHAIN_RPC_URLS entry 4 (chain 137): must be secretsmanager"), bad);
        assertTrue(!bad.contains("key@rpc.example"), "a secret is never echoed");
        String both = problems(env(TWO_CHAINS, Map.of("CHAIN_RPC_URLS", "1=ssm:/a,137=ssm:/b", "CHAIN_RPC_URL", "ssm:/a")));
        assertTrue(both.contains("CHAIN_RPC_URLS and CHAIN_RPC_URL are both set"), both);
    }
}
