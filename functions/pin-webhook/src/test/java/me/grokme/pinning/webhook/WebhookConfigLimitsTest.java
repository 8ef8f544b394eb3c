package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import me.grokme.pinning.config.ConfigException;
import org.junit.jupiter.api.Test;

/** WEBHOOK_CLUSTER_BUDGET and MAX_LOGS_PER_DELIVERY: defaults, and errors that name the variable. */
class WebhookConfigLimitsTest {

    private final Map<String, String> env = new HashMap<>(Deliveries.environment("ledger", "http://127.0.0.1:9094"));

    @Test
    void theBudgetAndTheCapAreValidatedByName() {
        env.put("WEBHOOK_CLUSTER_BUDGET", "-1s");
        env.put("MAX_LOGS_PER_DELIVERY", "0");
        ConfigException e = assertThrows(
                ConfigException.class, () -> WebhookConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains("WEBHOOK_CLUSTER_BUDGET"), e.getMessage());
        assertTrue(e.getMessage().contains("MAX_LOGS_PER_DELIVERY"), e.getMessage());
        env.put("WEBHOOK_CLUSTER_BUDGET", "30s");
        env.put("MAX_LOGS_PER_DELIVERY", "500");
        e = assertThrows(ConfigException.class,
                () -> WebhookConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains("WEBHOOK_CLUSTER_BUDGET must be at most"), e.getMessage());
        env.remove("WEBHOOK_CLUSTER_BUDGET");
        env.remove("MAX_LOGS_PER_DELIVERY");
        WebhookConfig defaults = WebhookConfig.fromEnvironment(env);
        assertEquals(Duration.ofSeconds(2), defaults.clusterBudget());
        assertEquals(500, defaults.maxLogsPerDelivery());
    }


    @Test
    void aCapsuleOnAChainTheWebhookDoesNotFollowIsRefusedNotIgnored() {
        env.remove("CONTRACT_ADDRESSES");
        env.put("CAPSULES", "[{\"name\":\"poly\",\"chainId\":137,\"contract\":\"0x" + "ab".repeat(20) + "\"}]");
        ConfigException e = assertThrows(ConfigException.class, () -> WebhookConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains("capsule poly is on chain(s) [137], which CHAIN_IDS [1] does not list"), e.getMessage());
        env.remove("CHAIN_IDS");
        assertEquals(java.util.Set.of(137L), WebhookConfig.fromEnvironment(env).mint().chainIds(), "by default the capsules' chains");
    }
}
