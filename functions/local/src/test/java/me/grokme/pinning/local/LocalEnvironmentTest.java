package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each locally run function gets the runner's whole environment over its local defaults, as a deployed one would. */
class LocalEnvironmentTest {

    @Test
    void aVariableAFunctionReadsReachesItWithoutBeingListedInTheRunner() {
        Map<String, String> environment = Map.of("SWEEP_TIME_BUDGET", "90s", "WEBHOOK_CLUSTER_BUDGET", "5s", "REORG_DEPTH", "12");
        assertEquals("90s", LocalSystem.sweepEnvironment("http://127.0.0.1:9094", Duration.ofSeconds(60), environment).get("SWEEP_TIME_BUDGET"));
        assertEquals("5s", LocalSystem.webhookEnvironment("http://127.0.0.1:9094", environment).get("WEBHOOK_CLUSTER_BUDGET"));
        assertEquals("12", LocalSystem.reconcileEnvironment("http://127.0.0.1:9094", environment).get("REORG_DEPTH"));
    }

    @Test
    void theLocalDefaultsHoldWhereTheEnvironmentIsSilentAndGiveWayWhereItSpeaks() {
        Map<String, String> sweep = LocalSystem.sweepEnvironment("http://127.0.0.1:9094", Duration.ofSeconds(60), Map.of());
        assertEquals("60s", sweep.get("SWEEP_INTERVAL"));
        assertEquals(LocalSystem.LEDGER_TABLE, sweep.get("LEDGER_TABLE"));
        assertEquals("0xabc", LocalSystem.webhookEnvironment("http://127.0.0.1:9094", Map.of("CONTRACT_ADDRESSES", "0xabc")).get("CONTRACT_ADDRESSES"));
    }
}
