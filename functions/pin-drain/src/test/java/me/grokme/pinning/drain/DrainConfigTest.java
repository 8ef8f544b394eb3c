package me.grokme.pinning.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.util.Map;
import me.grokme.pinning.config.ConfigException;
import org.junit.jupiter.api.Test;

class DrainConfigTest {

    private static final Map<String, String> MINIMAL = Map.of("LEDGER_TABLE", "t", "CLUSTER_URL", "https://eu.cluster.example:9443");

    @Test
    void defaultsAreModest() {
        DrainConfig c = DrainConfig.fromEnvironment(MINIMAL);
        assertEquals(4, c.concurrency());
        assertEquals(100, c.batchSize());
        assertEquals(Duration.ofSeconds(40), c.timeBudget());
        assertEquals(Duration.ofSeconds(10), c.callTimeout());
    }

    @Test
    void everyBadVariableIsNamedInOneError() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.remove("LEDGER_TABLE");
        env.put("DRAIN_CONCURRENCY", "0");
        env.put("DRAIN_BATCH", "many");
        env.put("CLUSTER_URL", "http://eu.cluster.example:9094");
        String m = assertThrows(ConfigException.class, () -> DrainConfig.fromEnvironment(env)).getMessage();
        for (String name : new String[] {"LEDGER_TABLE", "DRAIN_CONCURRENCY", "DRAIN_BATCH", "CLUSTER_URL"}) {
            assertTrue(m.contains(name), name + " in: " + m);
        }
    }

    @Test
    void aBudgetThatLeavesNoTimeForOnePinIsRefused() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("DRAIN_TIME_BUDGET", "10s");
        String m = assertThrows(ConfigException.class, () -> DrainConfig.fromEnvironment(env)).getMessage();
        assertTrue(m.contains("DRAIN_TIME_BUDGET"), m);
    }

    @Test
    void onlyAnExplicitForceDrainsPinsThatAreNotDue() {
        assertTrue(PinDrainHandler.forced(new ScheduledEvent().withDetail(Map.<String, Object>of("force", true))));
        assertEquals(false, PinDrainHandler.forced(new ScheduledEvent().withDetail(Map.<String, Object>of())));
        assertEquals(false, PinDrainHandler.forced(new ScheduledEvent()));
        assertEquals(false, PinDrainHandler.forced(null));
    }
}
