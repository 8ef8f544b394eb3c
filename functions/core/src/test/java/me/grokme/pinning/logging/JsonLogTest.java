package me.grokme.pinning.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

class JsonLogTest {

    @Test
    void eachCallIsOneJsonLineWithContextFieldsTyped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLog log = new JsonLog("pin-webhook", "webhook", new PrintStream(out, true, StandardCharsets.UTF_8),
                new ManualClock(Instant.parse("2026-11-24T10:00:00Z")));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cid", "bafy\"x\nx");
        fields.put("token_id", "42");
        fields.put("attempts", 3);
        fields.put("retry", true);
        log.warn("cluster \"down\"", fields);
        log.named("sweep").info("second", Map.of());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals("2026-11-24T10:00:00Z", first.get("timestamp").asText());
        assertEquals("WARN", first.get("level").asText());
        assertEquals("pin-webhook", first.get("service").asText());
        assertEquals("cluster \"down\"", first.get("message").asText());
        assertEquals("bafy\"x\nx", first.get("cid").asText());
        assertEquals(3, first.get("attempts").asInt());
        assertEquals(true, first.get("retry").asBoolean());
        assertEquals("sweep", new ObjectMapper().readTree(lines[1]).get("logger").asText());
    }
}
