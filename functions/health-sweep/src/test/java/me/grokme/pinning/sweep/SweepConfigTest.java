package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import me.grokme.pinning.config.ConfigException;
import org.junit.jupiter.api.Test;

class SweepConfigTest {

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", "t", "CLUSTER_URL", "http://127.0.0.1:9094"));
        env.put(name, value);
        return env;
    }

    @Test
    void zeroRepairsPerSweepIsRefusedNamingTheVariable() {
        // 0 would leave every pin the webhook deferred PENDING forever: refused at start, not discovered later.
        ConfigException e = assertThrows(ConfigException.class, () -> SweepConfig.fromEnvironment(with("MAX_REPAIRS_PER_SWEEP", "0")));
        assertTrue(e.getMessage().contains("MAX_REPAIRS_PER_SWEEP must be between 1 and"), e.getMessage());
    }

    @Test
    void oneRepairPerSweepIsTheSmallestBudget() {
        assertEquals(1, SweepConfig.fromEnvironment(with("MAX_REPAIRS_PER_SWEEP", "1")).maxRepairs());
        assertEquals(200, SweepConfig.fromEnvironment(with("SWEEP_INTERVAL", "5m")).maxRepairs(), "the documented default");
    }
}
