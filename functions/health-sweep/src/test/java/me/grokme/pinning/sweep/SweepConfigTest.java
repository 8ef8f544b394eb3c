package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void trustedPeersArePeerIdsAndTheRetentionOutlastsAnInterval() {
        String id = "12D3KooWKQ9mQwkzZpFPn5jT8SasdqP91E2QtmShLZwDmMcWNyPe";
        SweepConfig c = SweepConfig.fromEnvironment(with("TRUSTED_PEERS", id + ", 12D3KooWShLmiKcLrAaR7DAKkZgY1WSfe9W4De3GBcHZ9aYCmYPq"));
        assertTrue(c.peers().ours(id));
        assertFalse(c.peers().ours("12D3KooWNuHsQQDyiME2aVRpJs2owq1RTySga64ykQzAzBrwhkmQ"));
        assertTrue(SweepConfig.fromEnvironment(with("SWEEP_INTERVAL", "5m")).peers().ours("anyone"), "no trusted set: every peer counts");
        assertEquals(java.time.Duration.ofDays(7), c.peers().retention(), "the documented default");
        ConfigException bad = assertThrows(ConfigException.class, () -> SweepConfig.fromEnvironment(with("TRUSTED_PEERS", "grokme-eu-01")));
        assertTrue(bad.getMessage().contains("TRUSTED_PEERS"), bad.getMessage());
        ConfigException shortRetention = assertThrows(ConfigException.class, () -> SweepConfig.fromEnvironment(with("PEER_RETENTION", "1m")));
        assertTrue(shortRetention.getMessage().contains("PEER_RETENTION"), shortRetention.getMessage());
    }
}
