package me.grokme.pinning.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import me.grokme.pinning.clock.ManualClock;
import org.junit.jupiter.api.Test;

class EmfTest {

    @Test
    void lineFollowsTheEmbeddedMetricFormatRules() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Emf emf = new Emf("GrokmePinning", new PrintStream(out, true, StandardCharsets.UTF_8),
                new ManualClock(Instant.ofEpochMilli(1_795_521_600_000L)));
        Map<String, Emf.Value> metrics = new LinkedHashMap<>();
        metrics.put("pinned", Emf.Value.count(3));
        metrics.put("duration", Emf.Value.millis(12.5));
        emf.emit(Map.of("Provider", "alchemy"), metrics);
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode aws = line.get("_aws");
        assertEquals(1_795_521_600_000L, aws.get("Timestamp").asLong());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertEquals("GrokmePinning", directive.get("Namespace").asText());
        for (JsonNode set : directive.get("Dimensions")) {
            for (JsonNode d : set) {
                assertTrue(line.has(d.asText()), "dimension " + d + " has a top-level value");
            }
        }
        for (JsonNode m : directive.get("Metrics")) {
            assertTrue(line.get(m.get("Name").asText()).isNumber(), "metric " + m + " has a numeric top-level value");
        }
        assertEquals("Milliseconds", directive.get("Metrics").get(1).get("Unit").asText());
        assertEquals(12.5, line.get("duration").asDouble());
        assertThrows(IllegalArgumentException.class, () -> emf.emit(Map.of(), Map.of()));
    }
}
