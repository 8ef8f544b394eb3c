package me.grokme.pinning.mint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The outcome names the webhook answers with and the metrics are named after stay as the indexers and alarms know them. */
class LogOutcomeTest {

    @Test
    void outcomesKeepTheirServedSpelling() {
        Map<String, String> wires = new TreeMap<>();
        Arrays.stream(LogOutcome.values()).forEach(o -> wires.put(o.name(), o.wire()));
        assertEquals(new TreeMap<>(Map.of("PINNED", "pinned", "ACCEPTED", "accepted", "DUPLICATE", "duplicate", "IGNORED", "ignored",
                "REJECTED", "rejected", "REORGED", "reorged")), wires);
    }
}
